import pytest
from fixture_rules import rules_dict

from calculator import CalcError, calculate, load_rules
from calculator.months import Month
from calculator.retirement import retirement_month


# Cohorts from the annex tables of the 2024 retirement-age measures.
@pytest.mark.parametrize(
    ("birth", "group", "month", "age_months"),
    [
        ("1964-12", "male-60", "2024-12", 720),  # reached 60 before 2025: no delay
        ("1965-01", "male-60", "2025-02", 721),  # first cohort: +1 month
        ("1965-05", "male-60", "2025-07", 722),  # next 4-month cohort: +2
        ("1976-09", "male-60", "2039-09", 756),  # capped at 63
        ("1990-01", "male-60", "2053-01", 756),
        ("1975-01", "female-50", "2025-02", 601),  # +1 month every 2 months
        ("1975-03", "female-50", "2025-05", 602),
        ("1984-11", "female-50", "2039-11", 660),  # capped at 55
        ("1970-01", "female-55", "2025-02", 661),
        ("1981-09", "female-55", "2039-09", 696),  # capped at 58
    ],
)
def test_statutory_retirement_month(birth, group, month, age_months):
    m, age = retirement_month(Month.parse(birth), group)
    assert (str(m), age) == (month, age_months)


def check(rules, **kw):
    req = {"action": "retirement", "region": "testville", "group": "male-60", "birth_month": "1970-01",
           "months_paid": 120, "local_months_paid": 60, "as_of": "2026-01-15"}
    req.update(kw)
    return calculate(rules, req)


def test_man_short_of_years_gets_a_makeup_estimate(rules):
    out = check(rules, keeps_paying=False)
    # born 1970-01: 60 in 2030-01, delay (60 // 4) + 1 = 16 months -> 2031-05; 30 years required from 2030-01-01
    assert out["retirement_month"] == "2031-05"
    assert out["required_months"] == 360 and out["required_local_months"] == 120
    assert out["shortfall_months"] == 240 and out["local_shortfall_months"] == 60
    # make-up 5000 x 0.06 = 300.00 a month x 240 months
    assert out["makeup"] == {"months": 240, "monthly": "300.00", "total": "72000.00"}


def test_keeping_on_paying_counts_the_months_until_retirement(rules):
    out = check(rules)
    # 2026-01 .. 2031-04 = 64 months ahead
    assert out["months_until_retirement"] == 64 and out["projected_months"] == 184
    assert out["shortfall_months"] == 176


def test_woman_uses_the_womens_years(rules):
    out = check(rules, group="female-50", birth_month="1972-06", months_paid=300, local_months_paid=300)
    # 50 in 2022-06: before the reform, so she retired then; 20 years required in 2022
    assert out["retirement_month"] == "2022-06" and out["required_months"] == 240
    assert out["shortfall_months"] == 0 and out["makeup"] is None


def test_local_years_alone_can_cause_a_shortfall(rules):
    out = check(rules, months_paid=400, local_months_paid=10, keeps_paying=False)
    assert out["shortfall_months"] == 0 and out["local_shortfall_months"] == 110
    assert out["makeup"]["months"] == 110


def test_without_local_rule_there_is_no_local_requirement():
    rules = load_rules(rules_dict(retirement_local_years=None))
    out = check(rules, months_paid=400, local_months_paid=0, keeps_paying=False)
    assert out["required_local_months"] == 0 and out["local_shortfall_months"] == 0
    assert any("no local-years requirement" in n["en"] for n in out["notes"])


def test_without_published_formula_no_makeup_is_guessed():
    rules = load_rules(rules_dict(retirement_makeup_base=None, retirement_makeup_rate=None))
    out = check(rules, keeps_paying=False)
    assert out["shortfall_months"] > 0 and out["makeup"] is None
    assert any("no make-up formula" in n["en"] for n in out["notes"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("local_months_paid", 121), ("birth_month", "2026-02"), ("birth_month", "1930-01"), ("months_paid", -1),
     ("months_paid", 721), ("group", "male"), ("keeps_paying", "maybe")],
)
def test_bad_retirement_input_names_the_field(rules, field, value):
    with pytest.raises(CalcError) as info:
        check(rules, **{field: value})
    assert info.value.field == field
