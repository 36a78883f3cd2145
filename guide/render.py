"""Jinja environment and every generated page rendered (pure: nothing is written)."""

from __future__ import annotations

from datetime import date

import jinja2

from calculator.model import Rules

from .answers import answers
from .card_text import card_alt, region_card
from .examples import examples
from .formatting import fmt_money, fmt_rate, image_alt, plain, tojson_line
from .lookups import positions, region_grade
from .markdown_blocks import html_block, md_inline
from .not_covered import City, by_province
from .page_models import COMPARISON, Page, changelog_entries, province_groups, region_context
from .paths import LANGS, REGIONS_DIR, SUFFIX, TEMPLATES


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown out; region text is Markdown reviewed in policies/. The big mechanical blocks (tables, source
        # lists) are raw HTML inside {% autoescape true %}, so Markdown skips them and every value is escaped.
        autoescape=False,
        comment_start_string="{##",  # "{#id}" is Markdown's heading anchor (attr_list), not a comment
        comment_end_string="##}",
    )
    env.filters.update(money=fmt_money, rate=fmt_rate, plain=plain, tojson_line=tojson_line,
                       image_alt=image_alt, md_inline=md_inline, html_block=html_block)
    return env


def render_all(rules: Rules, as_of: date, cities: tuple[City, ...] = ()) -> dict[str, str]:
    """{path relative to docs/: Markdown} for every generated page. Pure: no writes. ``cities``: those listed on
    the not-covered page."""
    env = _env()
    out: dict[str, str] = {}
    national = positions(rules, None, as_of)
    worked = {slug: examples(rules, slug, as_of) for slug in rules.regions}
    for lang in LANGS:
        sfx = SUFFIX[lang]
        common = {"lang": lang, "as_of": as_of, "rules": rules, "national": national}
        for slug, region in rules.regions.items():
            page = Page(rules, lang, as_of)
            ctx = {**common, "p": page, **region_context(rules, region, as_of, lang, worked[slug]),
                   "answers": answers(rules, region, as_of, lang),
                   "card_alt": card_alt(region_card(rules, region, as_of, lang))}
            out[f"{REGIONS_DIR}/{slug}{sfx}.md"] = env.get_template("region.md.j2").render(ctx)
        page = Page(rules, lang, as_of)
        table = []
        for province, regions in province_groups(rules, lang):
            for region in regions:
                table.append({"region": region, "province": province, "now": positions(rules, region, as_of),
                              "weakest": region_grade(rules, region, as_of)})
        out[f"{REGIONS_DIR}/index{sfx}.md"] = env.get_template("regions_index.md.j2").render(
            {**common, "p": page, "table": table, "columns": COMPARISON})
        page = Page(rules, lang, as_of)
        out[f"{REGIONS_DIR}/not-covered{sfx}.md"] = env.get_template("not_covered.md.j2").render(
            {**common, "p": page, "groups": by_province(cities, rules, lang)})
        page = Page(rules, lang, as_of)
        out[f"national-rules{sfx}.md"] = env.get_template("national_rules.md.j2").render(
            {**common, "p": page})
        page = Page(rules, lang, as_of)
        reviewed = sorted(rules.regions.values(), key=lambda r: (-r.last_reviewed.toordinal(), r.slug))
        out[f"changelog{sfx}.md"] = env.get_template("changelog.md.j2").render(
            {**common, "p": page, "entries": changelog_entries(rules), "reviewed": reviewed})
    return out
