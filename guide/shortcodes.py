"""Shortcodes in hand-written pages (<!-- md:NAME -->), expanded from the rules for any site generator:
the mkdocs hook and the Zensical build call the same ``expand``."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from calculator.model import Rules

from .answers import ANSWERS
from .page_models import province_groups
from .wording import Wording

SHORTCODE = re.compile(r"<!-- md:(\S+)\s*-->")


class ShortcodeError(ValueError):
    pass


def region_list(rules: Rules, lang: str, prefix: str) -> str:
    """Markdown: the regions by province, each a link to its page (the no-JavaScript way to a city)."""
    lines = []
    colon = Wording(lang)("colon")
    for province, regions in province_groups(rules, lang):
        links = " · ".join(f"[{r.name.get(lang)}]({prefix}{r.slug}.md)" for r in regions)
        if len(regions) == 1 and regions[0].name.get(lang) == province:  # a municipality: "Beijing", not "Beijing: Beijing"
            lines.append(f"- {links}")
        else:
            lines.append(f"- **{province}**{colon}{links}")
    return "\n".join(lines) if lines else Wording(lang)("no_regions_yet")


def chooser(rules: Rules, lang: str, prefix: str) -> str:
    """HTML: a city list and one link per situation. docs/javascripts/chooser.js points the situation links at
    the chosen city's answer; without JavaScript they lead to the region list."""
    w = Wording(lang)
    groups = []
    for province, regions in province_groups(rules, lang):
        options = "".join(f'<option value="{escape(r.slug)}">{escape(r.name.get(lang))}</option>' for r in regions)
        groups.append(f'<optgroup label="{escape(province)}">{options}</optgroup>')
    situations = "".join(
        f'<li><a class="mi-situation" data-answer="answer-{s.replace("_", "-")}" href="#region">'
        f"{escape(w('answer_' + s))}</a></li>" for s in ANSWERS)
    return (
        f'<form class="mi-chooser" data-regions="{escape(prefix)}" action="#region">\n'
        f'<label for="mi-city">{escape(w("chooser_label"))}</label>\n'
        f'<select id="mi-city" name="city" required><option value="">{escape(w("chooser_pick"))}</option>'
        f"{''.join(groups)}</select>\n"
        f'<button type="submit" class="md-button md-button--primary">{escape(w("chooser_go"))}</button>\n'
        f'<p class="mi-not-covered"><a href="{escape(prefix)}not-covered/">{escape(w("chooser_not_listed"))}</a></p>\n'
        f"</form>\n\n"
        f'<ul class="mi-situations">{situations}</ul>'
    )


def expand(markdown: str, rules: Rules, as_of: date, lang: str, page: str) -> str:
    """``page``: the source path under docs/ (relative links start from its folder)."""
    prefix = "../" * page.count("/") + "regions/"

    def replace(match: re.Match) -> str:
        kind = match.group(1)
        if kind == "regions":
            return region_list(rules, lang, prefix)
        if kind == "chooser":
            return chooser(rules, lang, prefix.removesuffix(".md"))
        if kind == "as-of":
            return as_of.isoformat()
        raise ShortcodeError(f"Unknown shortcode: {kind} in {page}")

    return SHORTCODE.sub(replace, markdown)
