"""Quote rules on the synthetic Testville (see fixture_rules.py for its numbers)."""

from datetime import date
from decimal import Decimal

import pytest
from fixture_rules import rules_dict, series

from calculator import CalcError, calculate, load_rules
from calculator.money import Rounding
from calculator.months import Month
from calculator.quote import clamp_base, days_late, due_date, late_fee, months_outstanding, resume_month

D = Decimal


def ask(rules, **kw):
    req = {"action": "quote", "region": "testville", "scheme": "employee", "base": "floor",
           "gap_start": "2025-03", "gap_end": "2025-05", "paid_on": "2025-06-10"}
    req.update(kw)
    return calculate(rules, req)


@pytest.mark.parametrize(
    ("declared", "expected"),
    [(None, ("5000", None)), ("4999.99", ("5000", "floor")), ("5000", ("5000", None)),
     ("25000", ("25000", None)), ("25000.01", ("25000", "ceiling"))],
)
def test_clamp_base_reports_when_it_moves_the_base(declared, expected):
    base, how = clamp_base(None if declared is None else D(declared), D(5000), D(25000))
    assert (str(base), how) == expected


def test_due_date_and_days_late_count_from_the_day_after_due():
    due = due_date(Month(2025, 3), 0, 31)
    assert due == date(2025, 3, 31)
    assert days_late(due, date(2025, 3, 31)) == 0
    assert days_late(due, date(2025, 4, 1)) == 1
    assert days_late(due, date(2025, 3, 1)) == 0


def test_late_fee_rounds_as_the_data_says():
    # 403 x 0.0005 x 3 = 0.6045
    assert late_fee(D(403), D("0.0005"), 3, Rounding(D("0.01"), "ROUND_HALF_UP")) == D("0.60")
    assert late_fee(D(403), D("0.0005"), 3, Rounding(D("0.01"), "ROUND_UP")) == D("0.61")
    assert late_fee(D(403), D("0.0005"), 3, Rounding(D("1"), "ROUND_HALF_UP")) == D("1")


def test_months_outstanding_and_resume_month():
    assert months_outstanding(Month(2025, 3), date(2025, 6, 10)) == 3
    assert resume_month(date(2025, 6, 10), True, 6) == Month(2025, 6)
    assert resume_month(date(2025, 6, 10), False, 0) == Month(2025, 7)
    assert resume_month(date(2025, 6, 10), False, 6) == Month(2026, 1)


def test_employee_line_arithmetic(rules):
    out = ask(rules, base="8000")
    first = out["lines"][0]
    # 8000 x 0.06 = 480.00; 8000 x 0.02 = 160.00; add-on 3; total 643.00
    assert (first["employer"], first["individual"], first["addons"], first["total"]) == ("480.00", "160.00", "3.00", "643.00")
    # due 2025-03-31, paid 2025-06-10: 71 days; 643 x 0.0005 x 71 = 22.8265 -> 22.83
    assert (first["due_date"], first["days_late"], first["late_fee"]) == ("2025-03-31", 71, "22.83")
    assert first["late_fee_payer"] == "employer"
    assert set(first["sources"]) == {"t-notice", "law"}


def test_totals_equal_the_sums_of_the_lines(rules):
    out = ask(rules, base="12345.67", gap_start="2024-11", gap_end="2025-08", paid_on="2025-10-01")
    lines, t = out["lines"], out["totals"]
    assert D(t["principal"]) == sum(D(x["total"]) for x in lines)
    assert D(t["late_fee"]) == sum(D(x["late_fee"]) for x in lines)
    assert D(t["total"]) == D(t["principal"]) + D(t["late_fee"])
    assert D(t["employer"]) + D(t["individual"]) == D(t["total"])


def test_gap_across_a_change_uses_each_months_own_values(rules):
    out = ask(rules, gap_start="2024-12", gap_end="2025-01", paid_on="2025-02-01")
    bases = [x["base"] for x in out["lines"]]
    assert bases == ["5000.00", "5200.00"]
    assert out["lines"][0]["parameters"]["base_floor"]["effective"] == "2024-01-01"
    assert out["lines"][1]["parameters"]["base_floor"]["effective"] == "2025-01-01"


def test_employer_rate_change_mid_year(rules):
    out = ask(rules, base="10000", gap_start="2025-06", gap_end="2025-07", paid_on="2025-08-01")
    assert [x["employer"] for x in out["lines"]] == ["600.00", "550.00"]


def test_base_below_floor_is_reported_as_clamped(rules):
    out = ask(rules, base="100")
    assert all(x["base_clamped"] == "floor" and x["base"] == "5200.00" for x in out["lines"])
    assert any("below the floor" in n["en"] for n in out["notes"])


@pytest.mark.parametrize(
    ("paid_on", "in_window", "resume"),
    [("2025-06-30", True, "2025-06"),  # Mar..May outstanding = 3 months: at the edge, restored
     ("2025-07-01", False, "2025-08")],  # one month past the edge
)
def test_employee_restore_window_edge(rules, paid_on, in_window, resume):
    c = ask(rules, paid_on=paid_on)["consequences"]
    assert c["in_restore_window"] is in_window
    assert c["benefits_resume_from"] == resume
    assert c["restore_deadline"] == "2025-06-30"
    assert c["benefits_stop_from"] == "2025-04"


def test_flexible_worker_pays_whole_rate_and_no_late_fee(rules):
    out = ask(rules, scheme="flexible", base="6000")
    first = out["lines"][0]
    # 6000 x 0.08 = 480.00, paid by the person; Testville charges flexible workers no late fee
    assert (first["employer"], first["individual"], first["total"], first["late_fee"]) == ("0.00", "480.00", "480.00", "0.00")
    assert out["totals"]["employer"] == "0.00" and out["totals"]["individual"] == "1440.00"
    assert out["consequences"]["last_repayable_day"] == "2025-06-30"


def test_flexible_gap_past_the_window_cannot_be_paid_back(rules):
    out = ask(rules, scheme="flexible", paid_on="2025-07-01")
    assert not any(x["repayable"] for x in out["lines"])
    assert out["totals"]["total"] == "0.00"
    c = out["consequences"]
    assert c["waiting_period_months"] == 6 and c["benefits_resume_from"] == "2026-02"


def test_flexible_window_zero_means_no_pay_back():
    rules = load_rules(rules_dict(flexible_repay_window_months=series(("2020-01-01", 0))))
    out = ask(rules, scheme="flexible", paid_on="2025-05-20", gap_end="2025-04")
    assert not any(x["repayable"] for x in out["lines"])
    assert out["consequences"]["last_repayable_day"] is None
    assert any("does not let flexible workers" in n["en"] for n in out["notes"])


def test_flexible_fixed_amount_replaces_base_times_rate():
    rules = load_rules(rules_dict(flexible_fixed_amount=series(("2024-01-01", "584.92"))))
    line = ask(rules, scheme="flexible", base="9999")["lines"][0]
    assert line["base"] is None and line["total"] == "584.92"


def test_flexible_late_fee_only_where_region_charges_one():
    rules = load_rules(rules_dict(flexible_late_fee_daily_rate=series(("2024-01-01", "0.0005"))))
    out = ask(rules, scheme="flexible", base="6000")
    first = out["lines"][0]
    # 480 x 0.0005 x 71 = 17.04
    assert first["late_fee"] == "17.04" and first["late_fee_payer"] == "individual"
    assert D(out["totals"]["individual"]) == D(out["totals"]["total"])


def test_not_published_flexible_rate_is_refused():
    rules = load_rules(rules_dict(flexible_rate={"not_published": {"en": "No rate.", "zh": "无。"}}))
    with pytest.raises(CalcError) as info:
        ask(rules, scheme="flexible")
    assert info.value.code == "not_published"


def test_month_before_any_rule_is_refused(rules):
    with pytest.raises(CalcError) as info:
        ask(rules, gap_start="2023-11", gap_end="2024-01", paid_on="2024-02-01")
    assert info.value.code == "no_rule" and "2023-11" in info.value.message.en


def test_weak_sources_are_flagged_in_notes():
    rules = load_rules(rules_dict(employer_rate=series(("2024-01-01", "0.06"), source="t-weak")))
    assert any("unverified" in n["en"] for n in ask(rules)["notes"])
