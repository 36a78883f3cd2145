"""Which dated value is in force on a day. Before the first date there is no value: that is an error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import CalcError
from .messages import no_rule
from .model import DatedValue, Region, Rules


@dataclass(frozen=True)
class InForce:
    name: str
    value: Decimal | int
    dated: DatedValue


def _current(series: tuple[DatedValue, ...], on: date) -> DatedValue | None:
    current = None
    for dv in series:
        if dv.effective > on:
            break
        current = dv
    return current


def value_in_force(rules: Rules, region: Region, name: str, on: date, field: str) -> InForce:
    """The value of ``name`` in force on ``on``; a CalcError naming ``field`` when there is none."""
    found = lookup(rules, region, name, on, field)
    if found is None:
        reason = "absent" if rules.parameter(region, name) is None else "stopped"
        raise CalcError("no_rule", field, no_rule(region, name, on, reason))
    return found


def lookup(rules: Rules, region: Region, name: str, on: date, field: str) -> InForce | None:
    """Like ``value_in_force`` but None when the parameter is not defined at all or has stopped (null)."""
    param = rules.parameter(region, name)
    if param is None:
        return None
    if param.not_published:
        raise CalcError("not_published", field, no_rule(region, name, on, "not_published", param.not_published))
    dv = _current(param.values, on)
    if dv is None:
        raise CalcError("no_rule", field, no_rule(region, name, on, "before_first"))
    if dv.value is None:
        return None
    return InForce(name, dv.value, dv)


def known(rules: Rules, region: Region, name: str, on: date) -> InForce | None:
    """For optional facts (a make-up formula, a local-years rule): None when not defined, not published or not yet dated."""
    try:
        return lookup(rules, region, name, on, name)
    except CalcError:
        return None
