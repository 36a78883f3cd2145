"""The worked examples on every region page: requests chosen from the as-of date, answered by the core."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from calculator import CalcError, calculate
from calculator.model import Rules
from calculator.months import Month

GAP_MONTHS = 3  # worked examples: a three-month gap ...
GAP_END_BEFORE_AS_OF = 4  # ... ending this many months before the as-of month ...
DAYS_AFTER_DUE = 60  # ... paid this many days after the last gap month's due date
RETIREMENT_SHORT_MONTHS = 24  # the retirement example is about this many months short


def run(rules: Rules, request: dict[str, Any]) -> dict[str, Any]:
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
    probe = run(rules, {**base, "scheme": "employee", "paid_on": gap_end.last_day().isoformat()})
    if "error" in probe:
        paid_on = gap_end.plus(2).last_day()
    else:
        paid_on = date.fromisoformat(probe["lines"][-1]["due_date"]) + timedelta(days=DAYS_AFTER_DUE)
    employee = {**base, "scheme": "employee", "paid_on": paid_on.isoformat()}
    flexible = {**base, "scheme": "flexible", "paid_on": paid_on.isoformat()}
    birth = Month.of(as_of).plus(-59 * 12)
    retirement = {"action": "retirement", "region": slug, "group": "male-60", "birth_month": str(birth),
                  "months_paid": 0, "as_of": as_of.isoformat(), "keeps_paying": True}
    probe = run(rules, retirement)
    if "error" not in probe:
        paid = probe["required_months"] - probe["months_until_retirement"] - RETIREMENT_SHORT_MONTHS
        retirement = {**retirement, "months_paid": max(0, paid)}
    return {"employee": employee, "flexible": flexible, "retirement": retirement}


def examples(rules: Rules, slug: str, as_of: date) -> dict[str, dict[str, Any]]:
    return {k: {"request": req, "result": run(rules, req)} for k, req in example_requests(rules, slug, as_of).items()}
