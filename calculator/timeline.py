"""Which dated value is in force on a day: the one series lookup the quote, the pages and the API share.

``position`` answers "value in force on day D" with the value in force, the previous and the next dated
value, one status from ``STATUSES``, and how sure the value is: its basis (``local``, ``national_default``,
``derived``), its grade and the series' horizon (``known_until``). Before the first date there is no value:
for the calculator that is an error, never a silent default.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import CalcError
from .messages import no_rule
from .model import DatedValue, Parameter, Region, Rules, certainty_of
from .record import Record, setfield

# in_force: a dated value applies on the day. before_first: the series starts later (``next`` is its first
# value). stopped: the series says null (not in force) on the day. not_published: the region published
# nothing and the guide does not guess. absent: the parameter does not exist for the region.
STATUSES = ("in_force", "before_first", "stopped", "not_published", "absent")


class Position(Record):
    """Where ``on`` falls in one parameter's series, for one region (or for national.yaml itself)."""

    name: str
    on: date
    status: str  # one of STATUSES
    current: DatedValue | None  # the dated entry covering ``on`` (for ``stopped``, the null entry)
    previous: DatedValue | None  # the entry before ``current``
    next: DatedValue | None  # the first entry after ``on`` (announced, or the first one for ``before_first``)
    basis: str | None  # local | national_default | derived, of ``current``
    grade: str | None  # of ``current``: its source's grade, or for a derived value the weakest input's
    known_until: date | None  # the series' horizon: its values are known to hold up to this day
    parameter: Parameter | None

    __match_args__ = (
        "name", "on", "status", "current", "previous", "next", "basis", "grade", "known_until", "parameter",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        name: str,
        on: date,
        status: str,
        current: DatedValue | None,
        previous: DatedValue | None,
        next: DatedValue | None,
        basis: str | None,
        grade: str | None,
        known_until: date | None,
        parameter: Parameter | None = None,
    ):
        setfield(self, "name", name)
        setfield(self, "on", on)
        setfield(self, "status", status)
        setfield(self, "current", current)
        setfield(self, "previous", previous)
        setfield(self, "next", next)
        setfield(self, "basis", basis)
        setfield(self, "grade", grade)
        setfield(self, "known_until", known_until)
        setfield(self, "parameter", parameter)

    @property
    def value(self) -> Decimal | int | None:
        return self.current.value if self.current is not None else None

    @property
    def past_horizon(self) -> bool:
        """``on`` is after the horizon: the value used (the latest, or one recorded as provisional) may differ."""
        return self.status == "in_force" and self.known_until is not None and self.on > self.known_until

    @property
    def certainty(self) -> str:
        return certainty_of(self.basis or "national_default", self.grade or "unverified")


def locate(rules: Rules, param: Parameter | None, name: str, on: date, inherited: bool) -> Position:
    """Position of ``on`` in ``param``'s series (``inherited``: the series is national.yaml's, used by a region)."""
    if param is None:
        return Position(name, on, "absent", None, None, None, None, None, None)
    if param.not_published:
        return Position(name, on, "not_published", None, None, None, "local", None, None, param)
    index = None
    for i, dv in enumerate(param.values):
        if dv.effective <= on:
            index = i
    values = param.values
    if index is None:
        return Position(name, on, "before_first", None, None, values[0], None, None, param.known_until, param)
    current = values[index]
    basis = "derived" if current.derived else ("national_default" if inherited else "local")
    return Position(
        name, on,
        "stopped" if current.value is None else "in_force",
        current,
        values[index - 1] if index > 0 else None,
        values[index + 1] if index + 1 < len(values) else None,
        basis,
        rules.grade_of(current),
        param.known_until,
        param,
    )


def position(rules: Rules, region: Region | None, name: str, on: date) -> Position:
    """The value of ``name`` a region uses on ``on`` (``region=None``: national.yaml's own series)."""
    if region is None:
        return locate(rules, rules.parameters.get(name), name, on, inherited=False)
    param = rules.parameter(region, name)
    return locate(rules, param, name, on, inherited=param is not None and name not in region.parameters)


class InForce(Record):
    """A value the calculator used, with everything needed to say how sure it is."""

    name: str
    value: Decimal | int
    dated: DatedValue
    basis: str
    grade: str
    known_until: date | None
    past_horizon: bool

    __match_args__ = ("name", "value", "dated", "basis", "grade", "known_until", "past_horizon")
    __slots__ = __match_args__

    def __init__(
        self,
        name: str,
        value: Decimal | int,
        dated: DatedValue,
        basis: str = "local",
        grade: str = "unverified",
        known_until: date | None = None,
        past_horizon: bool = False,
    ):
        setfield(self, "name", name)
        setfield(self, "value", value)
        setfield(self, "dated", dated)
        setfield(self, "basis", basis)
        setfield(self, "grade", grade)
        setfield(self, "known_until", known_until)
        setfield(self, "past_horizon", past_horizon)

    @property
    def certainty(self) -> str:
        return certainty_of(self.basis, self.grade)


def _in_force(p: Position) -> InForce:
    return InForce(p.name, p.value, p.current, p.basis, p.grade, p.known_until, p.past_horizon)


def value_in_force(rules: Rules, region: Region, name: str, on: date, field: str) -> InForce:
    """The value of ``name`` in force on ``on``; a CalcError naming ``field`` when there is none."""
    found = lookup(rules, region, name, on, field)
    if found is None:
        reason = "absent" if rules.parameter(region, name) is None else "stopped"
        raise CalcError("no_rule", field, no_rule(region, name, on, reason))
    return found


def lookup(rules: Rules, region: Region, name: str, on: date, field: str) -> InForce | None:
    """Like ``value_in_force`` but None when the parameter is not defined at all or has stopped (null)."""
    p = position(rules, region, name, on)
    if p.status == "not_published":
        raise CalcError("not_published", field, no_rule(region, name, on, "not_published", p.parameter.not_published))
    if p.status == "before_first":
        raise CalcError("no_rule", field, no_rule(region, name, on, "before_first", first=p.next.effective))
    if p.status != "in_force":
        return None
    return _in_force(p)


def known(rules: Rules, region: Region, name: str, on: date) -> InForce | None:
    """For optional facts (a make-up formula, a local-years rule): None when not defined, not published or not yet dated."""
    p = position(rules, region, name, on)
    return _in_force(p) if p.status == "in_force" else None
