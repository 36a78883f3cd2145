"""What each generated page is given to render: lookups and formatting bound to a page's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from calculator.model import WEAK_GRADES, Region, Rules
from calculator.parameters import PARAMETERS
from calculator.parameters import label as parameter_label
from calculator.timeline import Position, position

from .citations import Citations
from .formatting import fmt_value, grade_badge, grade_label, role_label
from .lookups import current_grade, positions, series_rows
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
        return parameter_label(name).get(self.lang)

    def value(self, name: str, value: Any) -> str:
        return fmt_value(name, value, self.w)

    def grade(self, grade: str) -> str:
        return grade_badge(grade, self.w)

    def role(self, role: str) -> str:
        return role_label(role, self.w)

    def source_grade(self, source_id: str) -> str:
        return self.rules.sources[source_id].grade

    def num(self, pos: Position | None) -> str:
        """A value as a sentence names it: no date, source or grade (the values table has those)."""
        if pos is None or pos.status == "absent":
            return "—"
        if pos.status == "in_force":
            return self.value(pos.name, pos.value)
        if pos.status == "stopped":
            return self.w("value_none")
        return grade_label("not_published", self.w)

    def cites(self, *found: Position | None) -> str:
        """One citation mark for a claim: the sources of the values it names."""
        ids = [pos.current.source for pos in found if pos is not None and pos.current is not None]
        return self.cite.refs(list(dict.fromkeys(ids)))

    def brief(self, pos: Position | None) -> Markup:
        """Compact table cell: the value, then its effective date linked to the source; weak grades badged.
        HTML: the comparison table is a raw HTML block."""
        if pos is None or pos.status == "absent":
            return Markup("—")
        if pos.status in ("not_published", "before_first"):
            return self.grade("not_published")
        weak = f" {self.grade(pos.grade)}" if pos.grade in WEAK_GRADES else ""
        url = escape(self.rules.sources[pos.current.source].url)
        value = escape(self.num(pos), quote=False)
        return Markup(f'{value}{weak}<br><small><a href="{url}">{pos.current.effective.isoformat()}</a></small>')

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
    now = positions(rules, region, as_of)
    grades = {name: current_grade(rules, pos) for name, pos in now.items()}
    rows = {name: series_rows(rules, region, pos) for name, pos in now.items()}
    now = {name: now.get(name) or position(rules, region, name, as_of) for name in PARAMETERS}  # absent ones too
    weak_in_use = sorted({g for g in grades.values() if g in WEAK_GRADES})
    return {
        "region": region,
        "slug": region.slug,
        "rows": rows,
        "now": now,
        "unverified_in_use": "unverified" in weak_in_use,
        "unverified_names": [name for name, g in grades.items() if g == "unverified"],
        "weak_in_use": weak_in_use,
        "not_published": [name for name, pos in now.items() if pos.status == "not_published"],
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
