from datetime import date
from decimal import Decimal

import pytest
from fixture_rules import rules_dict, series

from calculator import CalcError, load_rules
from calculator.timeline import known, lookup, value_in_force


def region_of(rules):
    return rules.regions["testville"]


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2024, 12, 31), "5000"), (date(2025, 1, 1), "5200"), (date(2025, 1, 2), "5200"), (date(2030, 1, 1), "5200")],
)
def test_value_in_force_day_before_of_and_after(rules, on, expected):
    v = value_in_force(rules, region_of(rules), "base_floor", on, "base")
    assert v.value == Decimal(expected)


def test_before_first_date_is_an_error_not_a_default(rules):
    with pytest.raises(CalcError) as info:
        value_in_force(rules, region_of(rules), "base_floor", date(2023, 12, 31), "gap_start")
    assert info.value.field == "gap_start" and info.value.code == "no_rule"
    assert "2023-12" in info.value.message.en


def test_region_inherits_national_parameter(rules):
    v = value_in_force(rules, region_of(rules), "late_fee_daily_rate", date(2025, 1, 1), "paid_on")
    assert v.value == Decimal("0.0005") and v.dated.source == "law"


def test_null_value_stops_a_parameter():
    rules = load_rules(rules_dict(individual_addon=series(("2024-01-01", "3"), ("2025-01-01", None))))
    region = region_of(rules)
    assert lookup(rules, region, "individual_addon", date(2024, 6, 1), "x").value == Decimal(3)
    assert lookup(rules, region, "individual_addon", date(2025, 6, 1), "x") is None
    with pytest.raises(CalcError):
        value_in_force(rules, region, "individual_addon", date(2025, 6, 1), "x")


def test_not_published_refuses_with_the_reason():
    rules = load_rules(rules_dict(flexible_rate={"not_published": {"en": "Nothing found.", "zh": "未找到。"}}))
    with pytest.raises(CalcError) as info:
        lookup(rules, region_of(rules), "flexible_rate", date(2025, 1, 1), "scheme")
    assert info.value.code == "not_published" and "Nothing found." in info.value.message.en
    assert known(rules, region_of(rules), "flexible_rate", date(2025, 1, 1)) is None
