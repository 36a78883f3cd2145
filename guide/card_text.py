"""The words and figures on the link-preview cards (the drawing is in cards.py)."""

from __future__ import annotations

from datetime import date

from calculator.model import WEAK_GRADES, Region, Rules

from . import api
from .formatting import fmt_value, grade_label
from .lookups import weakest_grade
from .paths import LANGS
from .wording import Wording


def card_path(slug: str | None, lang: str) -> str:
    """Relative to docs/assets/cards/ (api.card_urls gives the same paths as URLs)."""
    return f"regions/{slug}-{lang}.png" if slug else f"site-{lang}.png"


def _figure_line(names: list[str], figures: dict, w: Wording) -> tuple[str, list[tuple[str, str]]] | None:
    """(" (from 2025-01-01)", [(name, "5.5%"), ...]): formatted values and one tail with their dates (and the
    weakest grade when it is secondary or unverified); None when none of the parameters exists."""
    parts, dates, grades = [], [], []
    for name in names:
        fig = figures[name]
        if fig["status"] == "absent":
            continue
        if fig["status"] == "in_force":
            parts.append((name, fmt_value(name, fig["value"], w)))
            dates.append(fig["effective"])
            grades.append(fig["grade"])
        elif fig["status"] == "not_published":
            parts.append((name, grade_label("not_published", w)))
        else:
            parts.append((name, w("value_none")))
    if not parts:
        return None
    when = " / ".join(sorted(set(dates)))
    weak = weakest_grade(grades) if grades else None
    note = [w("card_from", date=when)] if when else []
    if weak in WEAK_GRADES:
        note.append(grade_label(weak, w))
    tail = w("card_note", items=w("card_note_sep").join(note)) if note else ""
    return tail, parts


CARD_LINES = {"card_base": ("base_floor", "base_ceiling"), "card_rates": ("employer_rate", "individual_rate")}
FLEXIBLE_LINES = {"flexible_rate": "card_flexible_rate", "flexible_fixed_amount": "card_flexible_fixed"}


def region_card(rules: Rules, region: Region, as_of: date, lang: str) -> dict:
    figures = api.key_figures(rules, region, as_of)
    w = Wording(lang)
    lines = []
    for key, names in CARD_LINES.items():
        tail, parts = _figure_line(list(names), figures, w)
        lines.append(w(key, **dict(parts)) + tail)
    flex = []
    for name, key in FLEXIBLE_LINES.items():
        got = _figure_line([name], figures, w)
        if got and figures[name]["status"] == "in_force":
            tail, parts = got
            flex.append(w(key, value=parts[0][1]) + tail)
    if not flex:
        got = _figure_line(["flexible_rate"], figures, w)
        if got:
            flex.append(got[1][0][1] + got[0])
    lines.append(w("card_flexible", items=w("card_item_sep").join(flex)))
    other = region.name.en if lang == "zh" else region.name.zh
    province = region.province.get(lang)
    sub = [other] if province == region.name.get(lang) else [province, other]
    sub.append(w("card_topic"))
    footer = w("card_footer", as_of=as_of.isoformat(), reviewed=region.last_reviewed.isoformat())
    return {"lang": lang, "header": w("site_name"), "title": region.name.get(lang), "subtitle": " · ".join(sub),
            "lines": lines, "footer": footer}


def site_card(rules: Rules, as_of: date, lang: str) -> dict:
    w = Wording(lang)
    other = Wording("en" if lang == "zh" else "zh")
    footer = w("site_card_footer", count=len(rules.regions), as_of=as_of.isoformat())
    return {"lang": lang, "header": w("site_name"), "title": w("site_card_title"), "subtitle": other("site_name"),
            "lines": [w(f"tagline_{i}") for i in (1, 2, 3)], "footer": footer}


def card_alt(spec: dict) -> str:
    """The card's text as its alt text: everything the picture says, in reading order."""
    w = Wording(spec["lang"])
    return (f"{spec['title']}{w('card_title_sep')}{w('card_item_sep').join(spec['lines'])}{w('card_stop')}"
            f"{spec['footer']}")


def card_specs(rules: Rules, as_of: date) -> dict[str, dict]:
    specs = {}
    for lang in LANGS:
        specs[card_path(None, lang)] = site_card(rules, as_of, lang)
        for slug, region in rules.regions.items():
            specs[card_path(slug, lang)] = region_card(rules, region, as_of, lang)
    return specs
