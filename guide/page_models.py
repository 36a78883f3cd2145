"""What each generated page is given to render: lookups and formatting bound to a page's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from calculator.messages import PARAMETER_LABELS
from calculator.model import PARAMETERS, WEAK_GRADES, Region, Rules

from .citations import Citations
from .formatting import fmt_value, grade_badge, grade_label, role_label
from .lookups import Row, in_force, parameter_rows
from .markdown_blocks import md_inline
from .wording import Wording

COMPARISON = ("base_floor", "base_ceiling", "employer_rate", "individual_rate", "flexible_rate",
              "employee_restore_window_months", "employee_waiting_period_months", "retirement_years_men",
              "retirement_years_women")


@dataclass
class Page:
    rules: Rules
    lang: str
    as_of: date
    cite: Citations = field(init=False)
    w: Wording = field(init=False)  # p.w(key, **values): the page's words, from the catalogue

    def __post_init__(self):
        self.cite = Citations(self.rules)
        self.w = Wording(self.lang)

    # helpers the templates call (lookups and formatting only)
    def t(self, text) -> str:
        return text.get(self.lang) if text is not None else ""

    def other(self, text) -> str:
        """The same text in the page's other language (names shown beside each other)."""
        return text.zh if self.lang == "en" else text.en

    def names(self, names: list[str]) -> str:
        """Parameter labels as a sentence-ending list: 'a, b.' / 'a、b。'"""
        return self.w("list_sep").join(self.label(n) for n in names) + self.w("list_end")

    def label(self, name: str) -> str:
        return PARAMETER_LABELS[name].get(self.lang)

    def value(self, name: str, value: Any) -> str:
        return fmt_value(name, value, self.w)

    def grade(self, grade: str) -> str:
        return grade_badge(grade, self.w)

    def role(self, role: str) -> str:
        return role_label(role, self.w)

    def source_grade(self, source_id: str) -> str:
        return self.rules.sources[source_id].grade

    def dated(self, row: Row | None) -> str:
        """'¥5,200.00 (from 2025-01-01, S2, official)': the value with its date, source link and grade."""
        if row is None:
            return "—"
        if row.status == "not_published":
            return f"{grade_label('not_published', self.w)} {self.grade('not_published')}"
        parts = {"value": self.value(row.name, row.value), "date": row.effective.isoformat(),
                 "source": self.cite.link(row.source), "grade": self.grade(row.grade)}
        if row.status == "missing":  # the series starts after the as-of date
            return self.w("dated_not_yet", badge=self.grade("not_published"), **parts)
        return self.w("dated_value", **parts)

    def brief(self, row: Row | None) -> Markup:
        """Compact table cell: the value, then its effective date linked to the source; weak grades badged.
        HTML: the comparison table is a raw HTML block."""
        if row is None:
            return Markup("—")
        if row.status in ("not_published", "missing"):
            return self.grade("not_published")
        weak = f" {self.grade(row.grade)}" if row.grade in WEAK_GRADES else ""
        url = escape(self.rules.sources[row.source].url)
        value = escape(self.value(row.name, row.value), quote=False)
        return Markup(f'{value}{weak}<br><small><a href="{url}">{row.effective.isoformat()}</a></small>')

    def used(self, name: str, used: dict[str, Any]) -> Markup:
        """A parameter as a core result reports it: value, effective date, source link, grade (HTML: the
        'figures used' lists are raw HTML blocks; the catalogue's words are trusted, values are escaped)."""
        return Markup(self.w("figure_used", label=escape(self.label(name), quote=False),
                             value=escape(self.value(name, used["value"]), quote=False),
                             date=escape(used["effective"]), source=self.cite.a(used["source"]),
                             grade=self.grade(self.source_grade(used["source"]))))

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
