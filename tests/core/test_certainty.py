"""How sure an answer is (DESIGN §3a): the series lookup, inherits, horizons, derived values, verdict certainty."""

from datetime import date

import pytest
from fixture_rules import rules_dict, series

from calculator import PolicyError, load_rules, rules_to_dict
from calculator.model import certainty_of, weakest_grade
from calculator.months import Month
from calculator.quote import provisional_reason
from calculator.timeline import STATUSES, lookup, position


def region_of(rules):
    return rules.regions["testville"]


@pytest.mark.parametrize(
    ("name", "on", "status", "value", "previous", "nxt"),
    [
        ("base_floor", date(2024, 6, 1), "in_force", 5000, None, date(2025, 1, 1)),
        ("base_floor", date(2025, 6, 1), "in_force", 5200, date(2024, 1, 1), None),
        ("base_floor", date(2023, 6, 1), "before_first", None, None, date(2024, 1, 1)),
        ("flexible_addon", date(2025, 6, 1), "absent", None, None, None),
    ],
)
def test_position_gives_current_previous_next_and_one_status(rules, name, on, status, value, previous, nxt):
    p = position(rules, region_of(rules), name, on)
    assert p.status == status and p.status in STATUSES
    assert (p.value if p.value is None else int(p.value)) == value
    assert (p.previous.effective if p.previous else None) == previous
    assert (p.next.effective if p.next else None) == nxt


def test_position_stopped_and_not_published():
    rules = load_rules(rules_dict(
        individual_addon=series(("2024-01-01", "3"), ("2025-01-01", None)),
        flexible_rate={"not_published": {"en": "none", "zh": "无"}},
    ))
    region = region_of(rules)
    assert position(rules, region, "individual_addon", date(2025, 3, 1)).status == "stopped"
    assert position(rules, region, "flexible_rate", date(2025, 3, 1)).status == "not_published"


def test_basis_local_national_default_and_grade(rules):
    region = region_of(rules)
    own = position(rules, region, "base_floor", date(2025, 6, 1))
    inherited = position(rules, region, "employee_restore_window_months", date(2025, 6, 1))
    assert (own.basis, own.grade, own.certainty) == ("local", "official", "official")
    assert (inherited.basis, inherited.grade, inherited.certainty) == ("national_default", "official-copy", "unconfirmed")
    national = position(rules, None, "employee_restore_window_months", date(2025, 6, 1))
    assert national.basis == "local"  # national.yaml's own series, seen from the national page


def test_horizon_defaults_to_last_reviewed_and_marks_later_days(rules):
    p = position(rules, region_of(rules), "base_floor", date(2026, 1, 1))
    assert p.known_until == date(2026, 1, 1) and not p.past_horizon
    assert position(rules, region_of(rules), "base_floor", date(2026, 1, 2)).past_horizon


def test_explicit_known_until_and_provisional_reason():
    rules = load_rules(rules_dict(base_floor={**series(("2024-01-01", "5000"), ("2025-01-01", "5200")),
                                              "known_until": "2025-12-31"}))
    region = region_of(rules)
    june = lookup(rules, region, "base_floor", date(2025, 6, 1), "x")
    march = lookup(rules, region, "base_floor", date(2026, 3, 1), "x")
    assert not june.past_horizon and march.past_horizon
    assert provisional_reason(region, Month(2025, 6), date(2025, 7, 1), (june,)) is None
    reason = provisional_reason(region, Month(2026, 3), date(2026, 4, 1), (march,))
    assert "confirmed only until 2025-12-31" in reason.en and "2026-03" in reason.en
    assert "仅确认至 2025-12-31" in reason.zh


def test_a_future_month_is_always_provisional(rules):
    region = region_of(rules)
    june = lookup(rules, region, "base_floor", date(2025, 6, 1), "x")
    reason = provisional_reason(region, Month(2025, 6), date(2025, 5, 20), (june,))
    assert "after the payment date 2025-05-20" in reason.en and "晚于补缴日期 2025-05-20" in reason.zh


def test_derived_value_takes_the_weakest_input_grade_and_round_trips():
    data = rules_dict()
    data["regions"]["testville"]["parameters"]["retirement_makeup_base"] = {"values": {"2024-01-01": {
        "value": "5000", "source": "t-notice",
        "derived": {"formula": {"en": "floor", "zh": "下限"}, "inputs": ["t-notice", "t-weak"]}}}}
    rules = load_rules(data)
    p = position(rules, region_of(rules), "retirement_makeup_base", date(2025, 1, 1))
    assert (p.basis, p.grade, p.certainty) == ("derived", "unverified", "unconfirmed")
    assert rules_to_dict(load_rules(rules_to_dict(rules))) == rules_to_dict(rules)


def test_a_required_parameter_neither_defined_nor_inherited_is_an_error():
    data = rules_dict()
    data["regions"]["testville"]["inherits"].remove("employee_restore_window_months")
    with pytest.raises(PolicyError) as info:
        load_rules(data)
    assert info.value.dotted == "regions.testville.parameters.employee_restore_window_months"
    assert "inherits" in info.value.message.en


@pytest.mark.parametrize(
    ("entry", "message"),
    [("no_such_parameter", "unknown parameter"), ("individual_addon", "national.yaml has no"),
     ("base_floor", "national.yaml has no")],
)
def test_inherits_names_must_be_national_parameters(entry, message):
    data = rules_dict()
    data["regions"]["testville"]["inherits"].append(entry)
    with pytest.raises(PolicyError) as info:
        load_rules(data)
    assert message in info.value.message.en and info.value.path[:3] == ("regions", "testville", "inherits")


def test_a_parameter_both_defined_and_inherited_is_an_error():
    data = rules_dict()
    data["regions"]["testville"]["parameters"]["employee_restore_window_months"] = series(("2020-01-01", 0))
    with pytest.raises(PolicyError) as info:
        load_rules(data)
    assert "both defined here and inherited" in info.value.message.en


def test_grade_and_certainty_helpers():
    assert weakest_grade(["official", "secondary", "official-cited"]) == "secondary"
    assert weakest_grade([]) == "unverified"
    assert certainty_of("local", "official-cited") == "official"
    assert certainty_of("local", "secondary") == "reported"
    assert certainty_of("local", "unverified") == "unconfirmed"
    assert certainty_of("derived", "official") == "unconfirmed"
    assert certainty_of("national_default", "official") == "unconfirmed"
