"""Policies -> validated rules -> worked examples (the core) -> Markdown pages (jinja2) + canonical rules JSON.

Usage:
  python scripts/build_pages.py                   # generated pages under docs/ and build/rules.json
  python scripts/build_pages.py --as-of 2026-11-30  # the date the examples and "numbers computed for" use
  python scripts/build_pages.py --check           # exit 1 if a generated page is stale; writes nothing
  python scripts/build_pages.py --fail-stale      # exit 3 if a region is stale (old review, no base in force)
  python scripts/build_pages.py --rules-only      # just build/rules.json (the command line's rules)
  python scripts/build_pages.py --check-policies  # validate and print the staleness table
A bad policy file exits with status 2 and a message naming file, line and field; nothing is written.

Data flows one way here: every number on a page comes either from the validated rules (a value, its date
and its source) or from a result dict of ``calculator.calculate``. The templates only choose wording and
layout; the helpers below only look values up and format them (never arithmetic on amounts).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from calculator import CalcError, calculate
from calculator.messages import PARAMETER_LABELS
from calculator.model import PARAMETERS, WEAK_GRADES, DatedValue, Kind, Parameter, Region, Rules, Source, Text
from calculator.months import Month
from calculator.schema import rules_to_dict

from . import api, cards
from .policy_files import POLICIES, ROOT, load_policies
from .yaml_loader import YamlError

RULES_JSON = ROOT / "build" / "rules.json"
DOCS = ROOT / "docs"
TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGS = ("en", "zh")
SUFFIX = {"en": "", "zh": ".zh"}
# Generated files outside docs/regions/ (which is generated as a whole and gitignored).
TOP_LEVEL_PAGES = ("national-rules", "changelog")
REGIONS_DIR = "regions"
GAP_MONTHS = 3  # worked examples: a three-month gap ...
GAP_END_BEFORE_AS_OF = 4  # ... ending this many months before the as-of month ...
DAYS_AFTER_DUE = 60  # ... paid this many days after the last gap month's due date
RETIREMENT_SHORT_MONTHS = 24  # the retirement example is about this many months short
STALE_AFTER_DAYS = 365
ENV_AS_OF = "GUIDE_AS_OF"  # read by the mkdocs hook (tests and previews pin the date)
ENV_POLICIES = "GUIDE_POLICIES"

GRADE_LABELS = {
    "official": Text("official", "官方"),
    "official-copy": Text("official (archived copy)", "官方（存档副本）"),
    "official-cited": Text("official (quoted)", "官方（引文）"),
    "secondary": Text("secondary", "二手来源"),
    "unverified": Text("unverified", "未核实"),
    "not_published": Text("not published", "未公布"),
}
GRADE_ORDER = ("official", "official-copy", "official-cited", "secondary", "unverified", "not_published")
ROLE_LABELS = {
    "records": Text("Social security records (人社)", "社保登记与记录（人社部门）"),
    "collects": Text("Collects contributions (税务)", "征收社保费（税务部门）"),
    "benefits": Text("Medical insurance benefits (医保)", "医保待遇（医保部门）"),
    "other": Text("Other", "其他"),
}
# Parameters shown in the comparison table, in column order.
COMPARISON = ("base_floor", "base_ceiling", "employer_rate", "individual_rate", "flexible_rate",
              "employee_restore_window_months", "employee_waiting_period_months", "retirement_years_men",
              "retirement_years_women")


# ---- formatting (display only: no arithmetic on amounts) ---------------------------------------------


def fmt_money(value: Any) -> str:
    return "¥" + f"{Decimal(str(value)):,.2f}"


def fmt_rate(value: Any) -> str:
    """A ratio shown as a percentage: the decimal point moves two places (scaleb), nothing is rounded."""
    pct = Decimal(str(value)).scaleb(2).normalize()
    return f"{pct:f}%"


def fmt_count(name: str, value: int, lang: str) -> str:
    if name.endswith("_months"):
        return f"{value} 个月" if lang == "zh" else f"{value} month{'s' if value != 1 else ''}"
    if "years" in name:
        return f"{value} 年" if lang == "zh" else f"{value} years"
    if name == "due_day":
        return f"第 {value} 日（超出当月天数按月末）" if lang == "zh" else f"day {value} (or the month's last day)"
    if name == "due_month_offset":
        if value == 0:
            return "当月" if lang == "zh" else "same month"
        return f"次 {value} 月" if lang == "zh" else f"{value} month(s) later"
    return str(value)


def fmt_value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "不适用" if lang == "zh" else "not in force"
    kind = PARAMETERS[name].kind
    if kind is Kind.MONEY:
        return fmt_money(value)
    if kind is Kind.RATE:
        return fmt_rate(value)
    return fmt_count(name, int(value), lang)


def plain(markdown: str) -> str:
    """Markdown -> plain text for meta tags and JSON-LD."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def image_alt(text: str) -> str:
    """Plain text safe as Markdown image alt text (no emphasis, links or line breaks)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", re.sub(r"\s+", " ", str(text)).strip())


def grade_badge(grade: str, lang: str) -> Markup:
    """HTML, so it is also safe inside the templates' autoescaped HTML blocks."""
    label = escape(GRADE_LABELS[grade].get(lang), quote=False)
    mark = "⚠ " if grade in WEAK_GRADES else ""
    return Markup(f'<span class="mi-grade mi-grade--{escape(grade)}">{mark}{label}</span>')


def say(lang: str, en: str, zh: str) -> str:
    """The wording for ``lang``. A plain function, not a macro: in an autoescaped block jinja treats a macro's
    output as safe markup, so values passed through a macro would not be escaped."""
    return zh if lang == "zh" else en


# Characters that can start Markdown (or HTML) inline syntax; text without any of them renders as itself.
_MD_SYNTAX = re.compile(r"[\\`*_\[\]{}<>&!]|\n|^\s|\s$|^(?:[-+#>]|\d+[.)])")


@cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["attr_list"])
    # Policy text holds no HTML (policies/README.md): in these blocks a tag in it is shown as text, not passed on.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


# Marks a raw HTML block of a generated page. The mkdocs hook lifts each one out of the Markdown before
# Python-Markdown runs and puts it back into the HTML after (Markdown would only pass it through, after parsing
# it tag by tag); without the hook Markdown passes block and markers through as they are.
HTML_BLOCK_START, HTML_BLOCK_END = "<!-- html-block -->", "<!-- /html-block -->"


def html_block(html: str) -> Markup:
    """The jinja filter around the templates' HTML blocks: markers on their own lines, then a line break."""
    return Markup(f"{HTML_BLOCK_START}\n{str(html).strip()}\n{HTML_BLOCK_END}\n")


def md_inline(text: str) -> Markup:
    """Policy text (Markdown allowed, no HTML) as HTML, for the blocks the templates write as raw HTML (Markdown
    skips raw HTML blocks, which is what makes the big tables cheap to build). Plain text, nearly all of it, is
    only escaped: that is exactly what Markdown would output for it. Anything else goes through Python-Markdown,
    whose outer paragraph is dropped."""
    text = str(text)
    if not _MD_SYNTAX.search(text):
        return Markup(escape(text, quote=False))
    out = _markdown().reset().convert(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


# ---- citations: S1, S2 ... numbered in page order -----------------------------------------------------


class Citations:
    """Numbers sources in the order the page first cites them; the Sources section lists exactly these."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.order: list[str] = []

    def label(self, source_id: str) -> str:
        if source_id not in self.rules.sources:
            raise KeyError(f"unknown source id {source_id!r}")
        if source_id not in self.order:
            self.order.append(source_id)
        return f"S{self.order.index(source_id) + 1}"

    def link(self, source_id: str) -> str:
        """[S3](url): straight to the document."""
        return f"[{self.label(source_id)}]({self.rules.sources[source_id].url})"

    def refs(self, source_ids) -> str:
        """Superscript links to the page's Sources list, for a block of text."""
        if not source_ids:
            return ""
        parts = ", ".join(f"[{self.label(s)}](#src-{s})" for s in source_ids)
        return f'<sup class="mi-cite">{parts}</sup>'

    # HTML twins of link() and refs(), for the blocks the templates write as raw HTML.
    def a(self, source_id: str) -> Markup:
        label = self.label(source_id)
        return Markup(f'<a href="{escape(self.rules.sources[source_id].url)}">{label}</a>')

    def refs_html(self, source_ids) -> Markup:
        if not source_ids:
            return Markup("")
        parts = ", ".join(f'<a href="#src-{escape(s)}">{self.label(s)}</a>' for s in source_ids)
        return Markup(f'<sup class="mi-cite">{parts}</sup>')

    def listed(self) -> list[tuple[str, str, Source]]:
        return [(f"S{i + 1}", sid, self.rules.sources[sid]) for i, sid in enumerate(self.order)]


# ---- parameter lookups (data, not arithmetic) --------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One dated value of a parameter as the page shows it."""

    name: str
    status: str  # current | previous | upcoming | not_published | missing
    effective: date | None
    value: Any
    source: str | None
    grade: str
    national: bool
    note: Text | None = None
    not_published: Text | None = None


def _series_position(param: Parameter, on: date) -> tuple[int | None, tuple[DatedValue, ...]]:
    values = param.values
    current = None
    for i, dv in enumerate(values):
        if dv.effective <= on:
            current = i
    return current, values


def parameter_rows(rules: Rules, region: Region, name: str, on: date) -> list[Row]:
    """The value in force on ``on``, the one before it and the next announced one (if any)."""
    param = rules.parameter(region, name)
    national = name not in region.parameters
    if param is None:
        return []
    if param.not_published:
        return [Row(name, "not_published", None, None, None, "not_published", national,
                    not_published=param.not_published)]
    current, values = _series_position(param, on)
    picks: list[tuple[str, DatedValue]] = []
    if current is None:
        picks.append(("missing", values[0]))
    else:
        picks.append(("current", values[current]))
        if current > 0:
            picks.append(("previous", values[current - 1]))
        if current + 1 < len(values):
            picks.insert(0, ("upcoming", values[current + 1]))
    return [Row(name, status, dv.effective, dv.value, dv.source, rules.sources[dv.source].grade, national, dv.note)
            for status, dv in picks]


def in_force(rules: Rules, region: Region, name: str, on: date) -> Row | None:
    for row in parameter_rows(rules, region, name, on):
        if row.status in ("current", "not_published", "missing"):
            return row
    return None


def weakest_grade(grades) -> str:
    grades = list(grades)
    return max(grades, key=GRADE_ORDER.index) if grades else "unverified"


def region_grades(rules: Rules, region: Region, on: date) -> list[str]:
    """Grades of every value in force on ``on`` (not_published counts as its own grade)."""
    out = []
    for name in PARAMETERS:
        row = in_force(rules, region, name, on)
        if row is not None:
            out.append("not_published" if row.status == "missing" else row.grade)
    return out


# ---- worked examples (computed by the core) ---------------------------------------------------------


def _run(rules: Rules, request: dict[str, Any]) -> dict[str, Any]:
    try:
        return calculate(rules, request)
    except CalcError as exc:
        return exc.to_dict()


def example_requests(rules: Rules, slug: str, as_of: date) -> dict[str, dict[str, Any]]:
    """The three worked-example requests for a region on ``as_of``. Tests recompute these with the core."""
    gap_end = Month.of(as_of).plus(-GAP_END_BEFORE_AS_OF)
    gap_start = gap_end.plus(-(GAP_MONTHS - 1))
    base = {"action": "quote", "region": slug, "base": "floor", "gap_start": str(gap_start), "gap_end": str(gap_end)}
    # Ask the core for the last month's due date (due-date rules are data the core reads), then pay 60 days later.
    probe = _run(rules, {**base, "scheme": "employee", "paid_on": gap_end.last_day().isoformat()})
    if "error" in probe:
        paid_on = gap_end.plus(2).last_day()
    else:
        paid_on = date.fromisoformat(probe["lines"][-1]["due_date"]) + timedelta(days=DAYS_AFTER_DUE)
    employee = {**base, "scheme": "employee", "paid_on": paid_on.isoformat()}
    flexible = {**base, "scheme": "flexible", "paid_on": paid_on.isoformat()}
    birth = Month.of(as_of).plus(-59 * 12)
    retirement = {"action": "retirement", "region": slug, "group": "male-60", "birth_month": str(birth),
                  "months_paid": 0, "as_of": as_of.isoformat(), "keeps_paying": True}
    probe = _run(rules, retirement)
    if "error" not in probe:
        paid = probe["required_months"] - probe["months_until_retirement"] - RETIREMENT_SHORT_MONTHS
        retirement = {**retirement, "months_paid": max(0, paid)}
    return {"employee": employee, "flexible": flexible, "retirement": retirement}


def examples(rules: Rules, slug: str, as_of: date) -> dict[str, dict[str, Any]]:
    return {k: {"request": req, "result": _run(rules, req)} for k, req in example_requests(rules, slug, as_of).items()}


# ---- staleness -------------------------------------------------------------------------------------


def staleness(rules: Rules, as_of: date) -> list[tuple[str, str, list[Text]]]:
    month_start = Month.of(as_of).first_day()
    rows = []
    for slug, region in rules.regions.items():
        reasons = []
        if (as_of - region.last_reviewed).days > STALE_AFTER_DAYS:
            reasons.append(Text("last reviewed more than 12 months ago", "上次核对已超过12个月"))
        floor = in_force(rules, region, "base_floor", month_start)
        if floor is None or floor.status != "current" or floor.value is None:
            reasons.append(Text(f"no base_floor in force for {Month.of(as_of)}", f"{Month.of(as_of)} 没有适用的缴费基数下限"))
        if reasons:
            rows.append((slug, region.last_reviewed.isoformat(), reasons))
    return rows


def staleness_table(rows) -> str:
    if not rows:
        return "Staleness: every region reviewed within 12 months and has a base floor in force. / 所有地区均在12个月内核对且有适用的基数下限。\n"
    out = ["Stale regions / 需要更新的地区:", f"{'region':<16} {'last_reviewed':<14} reason / 原因"]
    for slug, reviewed, reasons in rows:
        out.append(f"{slug:<16} {reviewed:<14} " + "; ".join(f"{r.en} / {r.zh}" for r in reasons))
    return "\n".join(out) + "\n"


# ---- rendering ------------------------------------------------------------------------------------


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
    env.filters.update(money=fmt_money, rate=fmt_rate, plain=plain, tojson_line=_tojson_line,
                       image_alt=image_alt, md_inline=md_inline, html_block=html_block)
    env.globals["say"] = say
    return env


def _tojson_line(value: Any) -> str:
    """JSON on one line, safe in YAML front matter and inside <script> (no raw <, >, &)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class Page:
    rules: Rules
    lang: str
    as_of: date
    cite: Citations = field(init=False)

    def __post_init__(self):
        self.cite = Citations(self.rules)

    # helpers the templates call (lookups and formatting only)
    def t(self, text) -> str:
        return text.get(self.lang) if text is not None else ""

    def label(self, name: str) -> str:
        return PARAMETER_LABELS[name].get(self.lang)

    def value(self, name: str, value: Any) -> str:
        return fmt_value(name, value, self.lang)

    def grade(self, grade: str) -> str:
        return grade_badge(grade, self.lang)

    def role(self, role: str) -> str:
        return ROLE_LABELS[role].get(self.lang)

    def source_grade(self, source_id: str) -> str:
        return self.rules.sources[source_id].grade

    def dated(self, row: Row | None) -> str:
        """'¥5,200.00 (from 2025-01-01, S2, official)': the value with its date, source link and grade."""
        if row is None:
            return "—"
        if row.status == "not_published":
            return f"{GRADE_LABELS['not_published'].get(self.lang)} {grade_badge('not_published', self.lang)}"
        zh = self.lang == "zh"
        sep, frm, since = ("，", "", " 起") if zh else (", ", "from ", "")
        lp, rp = ("（", "）") if zh else ("(", ")")
        if row.status == "missing":  # the series starts after the as-of date
            lead = (f"{row.effective.isoformat()} 前无规定 {grade_badge('not_published', self.lang)}"
                    if zh else f"no figure before {row.effective.isoformat()} {grade_badge('not_published', self.lang)}")
            return (f"{lead} <small>{lp}{'此后' if zh else 'then'} {self.value(row.name, row.value)}{sep}"
                    f"{self.cite.link(row.source)}{sep}{grade_badge(row.grade, self.lang)}{rp}</small>")
        return (f"{self.value(row.name, row.value)} <small>{lp}{frm}{row.effective.isoformat()}{since}{sep}"
                f"{self.cite.link(row.source)}{sep}{grade_badge(row.grade, self.lang)}{rp}</small>")

    def brief(self, row: Row | None) -> Markup:
        """Compact table cell: the value, then its effective date linked to the source; weak grades badged.
        HTML: the comparison table is a raw HTML block."""
        if row is None:
            return Markup("—")
        if row.status in ("not_published", "missing"):
            return grade_badge("not_published", self.lang)
        weak = f" {grade_badge(row.grade, self.lang)}" if row.grade in WEAK_GRADES else ""
        url = escape(self.rules.sources[row.source].url)
        value = escape(self.value(row.name, row.value), quote=False)
        return Markup(f'{value}{weak}<br><small><a href="{url}">{row.effective.isoformat()}</a></small>')

    def used(self, name: str, used: dict[str, Any]) -> Markup:
        """A parameter as a core result reports it: value, effective date, source link, grade (HTML: the
        'figures used' lists are raw HTML blocks)."""
        grade = self.source_grade(used["source"])
        zh = self.lang == "zh"
        sep, frm, since, colon = ("，", "自 ", " 起", "：") if zh else (", ", "from ", "", ": ")
        lp, rp = ("（", "）") if zh else ("(", ")")
        text = escape(f"{self.label(name)}{colon}{self.value(name, used['value'])} {lp}{frm}{used['effective']}{since}",
                      quote=False)
        return Markup(f"{text}{sep}{self.cite.a(used['source'])}{sep}{grade_badge(grade, self.lang)}{rp}")

    def md(self, text) -> Markup:
        """Policy text in this page's language as HTML (see md_inline)."""
        return md_inline(self.t(text))


def _url(lang: str, path: str) -> str:
    return ("/zh/" if lang == "zh" else "/") + path


def region_context(rules: Rules, region: Region, as_of: date, lang: str, worked: dict) -> dict[str, Any]:
    rows = {name: parameter_rows(rules, region, name, as_of) for name in PARAMETERS}
    rows = {k: v for k, v in rows.items() if v}
    now = {name: in_force(rules, region, name, as_of) for name in PARAMETERS}
    weak_in_use = sorted({r.grade for r in now.values() if r is not None and r.grade in WEAK_GRADES})
    not_published = [name for name, r in now.items() if r is not None and r.status == "not_published"]
    return {
        "region": region,
        "slug": region.slug,
        "rows": rows,
        "now": now,
        "unverified_in_use": "unverified" in weak_in_use,
        "unverified_names": [n for n, r in now.items() if r is not None and r.grade == "unverified"],
        "weak_in_use": weak_in_use,
        "not_published": not_published,
        "examples": worked,
        "url": _url(lang, f"regions/{region.slug}/"),
        # relative, so the site also works under a sub-path: /regions/x/ <-> /zh/regions/x/
        "alt_url": f"../../../regions/{region.slug}/" if lang == "zh" else f"../../zh/regions/{region.slug}/",
    }


def national_context(rules: Rules, as_of: date) -> dict[str, Any]:
    """National parameters in force, as rows (a national Region does not exist: look them up directly)."""
    out = {}
    for name, param in rules.parameters.items():
        current, values = _series_position(param, as_of)
        if current is not None:
            dv = values[current]
            out[name] = Row(name, "current", dv.effective, dv.value, dv.source, rules.sources[dv.source].grade, True,
                            dv.note)
    return out


def changelog_entries(rules: Rules) -> list[dict[str, Any]]:
    """Every dated value in the data, newest first: (date, region or national, parameter, value, source)."""
    entries = []
    for name, param in rules.parameters.items():
        for dv in param.values:
            entries.append({"date": dv.effective, "slug": None, "name": name, "dv": dv})
    for slug, region in rules.regions.items():
        for name, param in region.parameters.items():
            for dv in param.values:
                entries.append({"date": dv.effective, "slug": slug, "name": name, "dv": dv})
    entries.sort(key=lambda e: (-e["date"].toordinal(), e["slug"] or "", list(PARAMETERS).index(e["name"])))
    return entries


def province_groups(rules: Rules, lang: str) -> list[tuple[str, list[Region]]]:
    """Regions grouped by province (sorted by the English province name, then the region's), for nav and tables."""
    groups: dict[str, list[Region]] = {}
    keys: dict[str, str] = {}
    for region in sorted(rules.regions.values(), key=lambda r: (r.province.en, r.name.en)):
        groups.setdefault(region.province.en, []).append(region)
        keys[region.province.en] = region.province.get(lang)
    return [(keys[p], regions) for p, regions in groups.items()]


def render_all(rules: Rules, as_of: date) -> dict[str, str]:
    """{path relative to docs/: Markdown} for every generated page. Pure: no writes."""
    env = _env()
    out: dict[str, str] = {}
    national = national_context(rules, as_of)
    worked = {slug: examples(rules, slug, as_of) for slug in rules.regions}
    for lang in LANGS:
        sfx = SUFFIX[lang]
        common = {"lang": lang, "as_of": as_of, "rules": rules, "national": national}
        for slug, region in rules.regions.items():
            page = Page(rules, lang, as_of)
            ctx = {**common, "p": page, **region_context(rules, region, as_of, lang, worked[slug]),
                   "card": card_figure(rules, region, as_of, lang)}
            out[f"{REGIONS_DIR}/{slug}{sfx}.md"] = env.get_template(f"region.{lang}.md.j2").render(ctx)
        page = Page(rules, lang, as_of)
        table = []
        for province, regions in province_groups(rules, lang):
            for region in regions:
                now = {name: in_force(rules, region, name, as_of) for name in COMPARISON}
                table.append({"region": region, "province": province, "now": now,
                              "weakest": weakest_grade(region_grades(rules, region, as_of))})
        out[f"{REGIONS_DIR}/index{sfx}.md"] = env.get_template(f"regions_index.{lang}.md.j2").render(
            {**common, "p": page, "table": table})
        page = Page(rules, lang, as_of)
        out[f"national-rules{sfx}.md"] = env.get_template(f"national_rules.{lang}.md.j2").render(
            {**common, "p": page})
        page = Page(rules, lang, as_of)
        reviewed = sorted(rules.regions.values(), key=lambda r: (-r.last_reviewed.toordinal(), r.slug))
        out[f"changelog{sfx}.md"] = env.get_template(f"changelog.{lang}.md.j2").render(
            {**common, "p": page, "entries": changelog_entries(rules), "reviewed": reviewed})
    return out


# ---- link-preview cards (the text here, the drawing in cards.py) ------------------------------------

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


# ---- writing --------------------------------------------------------------------------------------


def canonical_json(rules: Rules) -> str:
    return json.dumps(rules_to_dict(rules), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Atomic and only on change, so mkdocs serve does not loop and a failed build leaves old files intact."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def generated_on_disk(docs: Path) -> set[str]:
    found = {p.relative_to(docs).as_posix() for p in (docs / REGIONS_DIR).glob("*.md")} if (docs / REGIONS_DIR).exists() else set()
    for name in TOP_LEVEL_PAGES:
        for sfx in SUFFIX.values():
            if (docs / f"{name}{sfx}.md").exists():
                found.add(f"{name}{sfx}.md")
    return found


def stale_files(docs: Path, pages: dict[str, str]) -> list[str]:
    stale = [rel for rel, text in pages.items()
             if not (docs / rel).exists() or (docs / rel).read_text(encoding="utf-8") != text]
    stale += sorted(generated_on_disk(docs) - set(pages))
    return sorted(stale)


def write_pages(docs: Path, pages: dict[str, str]) -> list[str]:
    changed = [rel for rel, text in sorted(pages.items()) if write_if_changed(docs / rel, text)]
    for rel in sorted(generated_on_disk(docs) - set(pages)):  # a region removed from policies/
        (docs / rel).unlink()
        changed.append(rel)
    return changed


def start_cards(folder: Path, specs: dict[str, dict]) -> Future:
    """cards.write_cards in a background thread, for the mkdocs hook: rendering the cards (worker processes) then
    overlaps mkdocs converting the pages, and the hook waits for it before mkdocs copies static files (on_env).
    mkdocs lists docs/ before that, so every card must already exist by name: a new one starts as an empty
    file (it has no stored hash, so write_cards renders it), and a card no longer wanted goes now, not after
    mkdocs listed it. The future's result() re-raises a rendering error."""
    if folder.exists():
        for png in sorted(folder.rglob("*.png")):
            if png.relative_to(folder).as_posix() not in specs:
                png.unlink()
    for rel in specs:
        path = folder / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cards")
    try:
        return pool.submit(cards.write_cards, folder, specs)
    finally:
        pool.shutdown(wait=False)


def today_china() -> date:
    """Today in China (UTC+8, fixed offset: no tzdata needed). Only the build reads the clock, never the core."""
    from datetime import datetime, timezone

    return datetime.now(timezone(timedelta(hours=8))).date()


def main(argv: list[str] | None = None, state: dict | None = None) -> int:
    """``state`` (the mkdocs hook's): gets the rules and the as-of date, and "cards", the future of the card
    rendering left running in the background (see start_cards); without it cards are written before returning."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policies", type=Path, default=Path(os.environ.get(ENV_POLICIES) or POLICIES))
    ap.add_argument("--docs", type=Path, default=DOCS, help="mkdocs docs_dir to write generated pages into")
    ap.add_argument("--rules-json", type=Path, default=RULES_JSON)
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--check-policies", action="store_true")
    ap.add_argument("--check", action="store_true", help="exit 1 if generated pages are stale; write nothing")
    ap.add_argument("--fail-stale", action="store_true", help="exit 3 when the staleness table is not empty")
    ap.add_argument("--as-of", type=date.fromisoformat,
                    default=date.fromisoformat(os.environ[ENV_AS_OF]) if os.environ.get(ENV_AS_OF) else None)
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)
    as_of = args.as_of or today_china()
    try:
        rules = load_policies(args.policies, today=as_of)
    except YamlError as exc:
        sys.stderr.write(f"policy error: {exc}\n")
        return 2
    if state is not None:
        state.update(rules=rules, as_of=as_of)
    stale = staleness(rules, as_of)
    if args.check_policies:
        print(f"{len(rules.regions)} region(s) valid (as of {as_of})")
        print(staleness_table(stale), end="")
        return 3 if args.fail_stale and stale else 0
    rules_text = canonical_json(rules)
    if args.rules_only:
        write_if_changed(args.rules_json, rules_text)
        return 0
    pages = render_all(rules, as_of)  # everything validated and rendered before anything is written
    api_files = api.render(rules, as_of)
    specs = card_specs(rules, as_of)
    if args.check:
        bad = stale_files(args.docs, pages)
        bad += [f"{api.API_DIR}/{rel}" for rel in api.stale(args.docs / api.API_DIR, api_files)]
        if not args.rules_json.exists() or args.rules_json.read_text(encoding="utf-8") != rules_text:
            bad.append(str(args.rules_json))
        for rel in bad:
            print(f"stale: {rel}")
        return 1 if bad else 0
    try:
        cards.check_font()
        cards._pillow()
    except cards.CardError as exc:
        sys.stderr.write(f"cards: {exc}\n")
        return 4
    changed = write_pages(args.docs, pages)
    changed += api.write(args.docs / api.API_DIR, api_files, write_if_changed)
    if state is not None:
        state["cards"] = start_cards(args.docs / cards.CARDS_DIR, specs)
    else:
        changed += cards.write_cards(args.docs / cards.CARDS_DIR, specs)
    write_if_changed(args.rules_json, rules_text)
    if not args.quiet or stale:
        print(f"pages: {len(pages)} generated for {as_of}, {len(changed)} changed")
        print(staleness_table(stale), end="")
    return 3 if args.fail_stale and stale else 0

