"""Which dated values a page shows for a parameter: views of the core's one series lookup
(``calculator.timeline.position``), so the pages, the API and the quote agree on what is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from calculator.model import DatedValue, Region, Rules, Text, weakest_grade
from calculator.parameters import PARAMETERS
from calculator.timeline import Position, position


@dataclass(frozen=True)
class Row:
    """One dated value of a parameter as the values table shows it."""

    name: str
    role: str  # current | previous | upcoming | before_first | not_published: the row's place in the series
    dated: DatedValue | None
    grade: str
    basis: str  # local | national_default | derived
    known_until: date | None = None
    not_published: Text | None = None

    @property
    def effective(self) -> date | None:
        return self.dated.effective if self.dated else None

    @property
    def value(self) -> Any:
        return self.dated.value if self.dated else None

    @property
    def source(self) -> str | None:
        return self.dated.source if self.dated else None

    @property
    def explain(self) -> Text | None:
        return self.dated.explain if self.dated else None


def positions(rules: Rules, region: Region | None, on: date) -> dict[str, Position]:
    """Every parameter the region (or, for None, national.yaml) has, where ``on`` falls in its series."""
    found = {name: position(rules, region, name, on) for name in PARAMETERS}
    return {name: p for name, p in found.items() if p.status != "absent"}


def _basis(region: Region | None, name: str, dv: DatedValue) -> str:
    if dv.derived:
        return "derived"
    return "national_default" if region is not None and name not in region.parameters else "local"


def series_rows(rules: Rules, region: Region | None, p: Position) -> list[Row]:
    """The rows of the values table for one parameter: the next announced value, the one in force, the one before."""
    if p.status == "not_published":
        return [Row(p.name, "not_published", None, "not_published", "local", not_published=p.parameter.not_published)]

    def row(role: str, dv: DatedValue) -> Row:
        return Row(p.name, role, dv, rules.grade_of(dv), _basis(region, p.name, dv), p.known_until)

    if p.status == "before_first":
        return [row("before_first", p.next)]
    rows = [row("current", p.current)]
    if p.previous is not None:
        rows.append(row("previous", p.previous))
    if p.next is not None:
        rows.insert(0, row("upcoming", p.next))
    return rows


def current_grade(rules: Rules, p: Position) -> str:
    """The grade a page reports for a value in force (not_published when there is none to show)."""
    if p.status in ("in_force", "stopped"):
        return p.grade
    return "not_published"


def region_grade(rules: Rules, region: Region, on: date) -> str:
    """The weakest grade of every value in force on ``on`` (not published counts as weaker than unverified)."""
    grades = [current_grade(rules, p) for p in positions(rules, region, on).values()]
    if "not_published" in grades:
        return "not_published"
    return weakest_grade(grades)
