"""The words and figures on the link-preview cards (the drawing is in cards.py)."""

from __future__ import annotations

from datetime import date

from calculator.model import WEAK_GRADES, Region, Rules, Text

from . import api, cards
from .formatting import GRADE_LABELS, fmt_value
from .lookups import weakest_grade
from .paths import LANGS

SITE_NAME = Text("Employee medical insurance gap guide", "职工医保断缴补缴指南")  # as in mkdocs.yml
SITE_TAGLINE = (Text("Paying back interrupted employee medical insurance", "职工基本医疗保险断缴后如何补缴"),
                Text("in mainland China, region by region", "中国大陆各地的期限、费用与后果"),
                Text("Deadlines, costs with worked examples, sources", "含计算示例、政策依据与来源"))


def card_path(slug: str | None, lang: str) -> str:
    """Relative to docs/assets/cards/ (api.card_urls gives the same paths as URLs)."""
    return f"regions/{slug}-{lang}.png" if slug else f"site-{lang}.png"


def _figure_line(names: list[str], figures: dict, lang: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(" (from 2025-01-01)", [(name, "5.5%"), ...]): formatted values and one tail with their dates (and the
    weakest grade when it is secondary or unverified); None when none of the parameters exists."""
    zh = lang == "zh"
    parts, dates, grades = [], [], []
    for name in names:
        fig = figures[name]
        if fig["status"] == "absent":
            continue
        if fig["status"] == "in_force":
            parts.append((name, fmt_value(name, fig["value"], lang)))
            dates.append(fig["effective"])
            grades.append(fig["grade"])
        elif fig["status"] == "not_published":
            parts.append((name, GRADE_LABELS["not_published"].get(lang)))
        else:
            parts.append((name, "无" if zh else "none"))
    if not parts:
        return None
    when = " / ".join(sorted(set(dates)))
    weak = weakest_grade(grades) if grades else None
    note = [f"{when} 起" if zh else f"from {when}"] if when else []
    if weak in WEAK_GRADES:
        note.append(GRADE_LABELS[weak].get(lang))
    tail = (f"（{'，'.join(note)}）" if zh else f" ({', '.join(note)})") if note else ""
    return tail, parts


CARD_LINES = {
    "base": (("base_floor", "base_ceiling"), Text("Contribution base {base_floor} – {base_ceiling} a month",
                                                  "缴费基数 每月 {base_floor} – {base_ceiling}")),
    "rates": (("employer_rate", "individual_rate"), Text("Employer {employer_rate}, individual {individual_rate}",
                                                          "单位 {employer_rate}，个人 {individual_rate}")),
}


def region_card(rules: Rules, region: Region, as_of: date, lang: str) -> dict:
    figures = api.key_figures(rules, region, as_of)
    zh = lang == "zh"
    lines = []
    for names, pattern in CARD_LINES.values():
        tail, parts = _figure_line(list(names), figures, lang)
        lines.append(pattern.get(lang).format(**dict(parts)) + tail)
    flex = []
    for name, label in (("flexible_rate", Text("{} of the base", "费率 {}")),
                        ("flexible_fixed_amount", Text("{} a month", "每月 {}"))):
        got = _figure_line([name], figures, lang)
        if got and figures[name]["status"] == "in_force":
            tail, parts = got
            flex.append(label.get(lang).format(parts[0][1]) + tail)
    if not flex:
        got = _figure_line(["flexible_rate"], figures, lang)
        if got:
            flex.append(got[1][0][1] + got[0])
    lines.append(("灵活就业：" if zh else "Flexible workers: ") + ("；" if zh else "; ").join(flex))
    other = region.name.en if zh else region.name.zh
    province = region.province.get(lang)
    sub = [other] if province == region.name.get(lang) else [province, other]
    sub.append("职工医保断缴补缴" if zh else "paying back employee medical insurance")
    footer = (f"数据截至 {as_of.isoformat()} · 最近核对 {region.last_reviewed.isoformat()} · 缴费前请向当地经办机构核实"
              if zh else f"Numbers as of {as_of.isoformat()} · last reviewed {region.last_reviewed.isoformat()}"
              " · confirm with the local office")
    return {"header": SITE_NAME.get(lang), "title": region.name.get(lang), "subtitle": " · ".join(sub),
            "lines": lines, "footer": footer}


def site_card(rules: Rules, as_of: date, lang: str) -> dict:
    zh = lang == "zh"
    count = len(rules.regions)
    footer = (f"{count} 个地区 · 数据截至 {as_of.isoformat()} · 每个数字均注明日期与来源" if zh
              else f"{count} regions · numbers as of {as_of.isoformat()} · every figure dated and sourced")
    return {"header": SITE_NAME.get(lang), "title": "断缴补缴指南" if zh else "Medical insurance gaps",
            "subtitle": SITE_NAME.en if zh else SITE_NAME.zh, "lines": [t.get(lang) for t in SITE_TAGLINE],
            "footer": footer}


def card_alt(spec: dict) -> str:
    """The card's text as its alt text: everything the picture says, in reading order."""
    sep = "；" if spec["header"] == SITE_NAME.zh else "; "
    stop = "。" if sep == "；" else ". "
    return f"{spec['title']}{'：' if sep == '；' else ': '}{sep.join(spec['lines'])}{stop}{spec['footer']}"


def card_figure(rules: Rules, region: Region, as_of: date, lang: str) -> dict[str, str]:
    """The card as a region page shows it near the top (link previews take the first large image)."""
    return {"src": f"../{cards.CARDS_DIR}/{card_path(region.slug, lang)}",
            "alt": card_alt(region_card(rules, region, as_of, lang))}


def card_specs(rules: Rules, as_of: date) -> dict[str, dict]:
    specs = {}
    for lang in LANGS:
        specs[card_path(None, lang)] = site_card(rules, as_of, lang)
        for slug, region in rules.regions.items():
            specs[card_path(slug, lang)] = region_card(rules, region, as_of, lang)
    return specs
