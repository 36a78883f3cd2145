"""Which dated values a page shows for a parameter (data, not arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from calculator.model import PARAMETERS, DatedValue, Parameter, Region, Rules, Text

from .formatting import GRADE_ORDER


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
