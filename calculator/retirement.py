"""Art. 27 check: will the accumulated years reach what the region requires at retirement?"""

from __future__ import annotations

from decimal import Decimal

from . import messages as msg
from .model import Rules, Text
from .money import mul
from .months import Month
from .quote import verdict_certainty
from .record import Record, setfield
from .request import RetirementRequest
from .timeline import InForce, known, value_in_force

REFORM_START = Month(2025, 1)

# (original statutory age in years, months of cohort per extra month of delay, maximum delay in months)
# 国务院关于渐进式延迟法定退休年龄的办法, Art. 1 and its annex tables.
RETIREMENT_AGE_RULES = {
    "male-60": (60, 4, 36),
    "female-55": (55, 4, 36),
    "female-50": (50, 2, 60),
}


class Makeup(Record):
    months: int
    monthly: Decimal
    total: Decimal

    __match_args__ = ("months", "monthly", "total")
    __slots__ = __match_args__

    def __init__(self, months: int, monthly: Decimal, total: Decimal):
        setfield(self, "months", months)
        setfield(self, "monthly", monthly)
        setfield(self, "total", total)


class Check(Record):
    request: RetirementRequest
    retirement_month: Month
    retirement_age_months: int
    required_months: int
    required_local_months: int
    months_so_far: int
    local_months_so_far: int
    months_until_retirement: int
    projected_months: int
    projected_local_months: int
    shortfall_months: int
    local_shortfall_months: int
    makeup: Makeup | None
    notes: tuple[Text, ...]
    used: tuple[InForce, ...]
    summary: Text | None  # the shortfall verdict, worded by its certainty
    certainty: str  # of the years required (and local years): official | reported | unconfirmed
    uncertain_because: tuple[Text, ...]

    __match_args__ = (
        "request", "retirement_month", "retirement_age_months", "required_months", "required_local_months",
        "months_so_far", "local_months_so_far", "months_until_retirement", "projected_months",
        "projected_local_months", "shortfall_months", "local_shortfall_months", "makeup", "notes", "used",
        "summary", "certainty", "uncertain_because",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        request: RetirementRequest,
        retirement_month: Month,
        retirement_age_months: int,
        required_months: int,
        required_local_months: int,
        months_so_far: int,
        local_months_so_far: int,
        months_until_retirement: int,
        projected_months: int,
        projected_local_months: int,
        shortfall_months: int,
        local_shortfall_months: int,
        makeup: Makeup | None,
        notes: tuple[Text, ...],
        used: tuple[InForce, ...],
        summary: Text | None = None,
        certainty: str = "official",
        uncertain_because: tuple[Text, ...] = (),
    ):
        setfield(self, "request", request)
        setfield(self, "retirement_month", retirement_month)
        setfield(self, "retirement_age_months", retirement_age_months)
        setfield(self, "required_months", required_months)
        setfield(self, "required_local_months", required_local_months)
        setfield(self, "months_so_far", months_so_far)
        setfield(self, "local_months_so_far", local_months_so_far)
        setfield(self, "months_until_retirement", months_until_retirement)
        setfield(self, "projected_months", projected_months)
        setfield(self, "projected_local_months", projected_local_months)
        setfield(self, "shortfall_months", shortfall_months)
        setfield(self, "local_shortfall_months", local_shortfall_months)
        setfield(self, "makeup", makeup)
        setfield(self, "notes", notes)
        setfield(self, "used", used)
        setfield(self, "summary", summary)
        setfield(self, "certainty", certainty)
        setfield(self, "uncertain_because", uncertain_because)

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.dated.source for u in self.used))


def retirement_delay_months(original: Month, step: int, cap: int) -> int:
    """Cohorts reaching the old age from January 2025 retire one month later per ``step`` months, up to ``cap``."""
    if original < REFORM_START:
        return 0
    return min(cap, original.minus(REFORM_START) // step + 1)


def retirement_month(birth: Month, group: str) -> tuple[Month, int]:
    """The statutory retirement month and the age then, in months."""
    age_years, step, cap = RETIREMENT_AGE_RULES[group]
    original = birth.plus(age_years * 12)
    delay = retirement_delay_months(original, step, cap)
    return original.plus(delay), age_years * 12 + delay


def shortfall(required: int, projected: int) -> int:
    return max(0, required - projected)


def retirement_check(rules: Rules, req: RetirementRequest) -> Check:
    region = req.region
    retire, age_months = retirement_month(req.birth_month, req.group)
    on = retire.first_day()
    years_param = "retirement_years_men" if req.group == "male-60" else "retirement_years_women"
    used: list[InForce] = []
    years = value_in_force(rules, region, years_param, on, "group")
    used.append(years)
    local_years = known(rules, region, "retirement_local_years", on)
    if local_years:
        used.append(local_years)
    required, required_local = years.value * 12, (local_years.value * 12 if local_years else 0)

    until = max(0, retire.minus(Month.of(req.as_of)))
    ahead = until if req.keeps_paying else 0
    projected, projected_local = req.months_paid + ahead, req.local_months_paid + ahead
    short, local_short = shortfall(required, projected), shortfall(required_local, projected_local)

    notes = [msg.retirement_age_rule()]
    if not local_years:
        notes.append(msg.no_local_rule())
    makeup = None
    months_to_buy = max(short, local_short)
    if months_to_buy:
        base = known(rules, region, "retirement_makeup_base", req.as_of)
        rate = known(rules, region, "retirement_makeup_rate", req.as_of)
        if base and rate:
            used += [base, rate]
            monthly = rules.rounding_for(region).apply(mul(base.value, rate.value))
            makeup = Makeup(months_to_buy, monthly, mul(monthly, months_to_buy))
            notes.append(msg.retirement_makeup_estimate())
        else:
            notes.append(msg.retirement_no_makeup())
    for u in used:
        if u.dated.explain and u.dated.explain not in notes:
            notes.append(u.dated.explain)
    verdicts = (years, local_years) if local_years else (years,)
    certainty, because = verdict_certainty(rules, region, verdicts)
    summary = msg.retirement_summary(certainty, region, years.value, str(retire), short, local_short,
                                     local_years.value if local_years else 0)
    return Check(req, retire, age_months, required, required_local, req.months_paid, req.local_months_paid, until,
                 projected, projected_local, short, local_short, makeup, tuple(notes), tuple(used), summary,
                 certainty, because)
