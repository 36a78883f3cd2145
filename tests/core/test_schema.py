"""Each way a policy document can be wrong fails with the dotted path of the field."""

import copy
import json
from decimal import Decimal

import pytest
from fixture_rules import rules_dict, series

from calculator import PolicyError, load_rules, rules_to_dict


def fails_at(data, path_prefix):
    with pytest.raises(PolicyError) as info:
        load_rules(data)
    assert info.value.dotted.startswith(path_prefix), info.value.dotted
    assert info.value.message.en and info.value.message.zh
    return info.value


def test_valid_rules_round_trip_through_canonical_dict(rules):
    again = load_rules(rules_to_dict(rules))
    assert again == rules
    assert rules_to_dict(again) == rules_to_dict(rules)


def test_canonical_dict_has_no_floats(rules):
    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert not isinstance(x, float | Decimal)

    walk(rules_to_dict(rules))


def test_unknown_key_is_rejected():
    d = rules_dict()
    d["regions"]["testville"]["parameters"]["base_floor"]["values"]["2024-01-01"]["valeu"] = 1
    fails_at(d, "regions.testville.parameters.base_floor.values.2024-01-01.valeu")


def test_unknown_parameter_is_rejected():
    d = rules_dict(base_flor=series(("2024-01-01", "1")))
    fails_at(d, "regions.testville.parameters.base_flor")


@pytest.mark.parametrize("bad", ["2025-1-1", "2025-02-30", "01/01/2025", "2025"])
def test_malformed_date_is_rejected(bad):
    d = rules_dict(base_floor=series((bad, "5000")))
    e = fails_at(d, f"regions.testville.parameters.base_floor.values.{bad}")
    assert "YYYY-MM-DD" in e.message.en


def test_unsorted_dates_are_rejected():
    d = rules_dict(base_floor=series(("2025-01-01", "5200"), ("2024-01-01", "5000")))
    e = fails_at(d, "regions.testville.parameters.base_floor.values.2024-01-01")
    assert "ascending" in e.message.en


def test_missing_source_is_rejected():
    d = rules_dict()
    del d["regions"]["testville"]["parameters"]["employer_rate"]["values"]["2024-01-01"]["source"]
    fails_at(d, "regions.testville.parameters.employer_rate.values.2024-01-01.source")


def test_undefined_source_is_rejected():
    d = rules_dict(employer_rate=series(("2024-01-01", "0.06"), source="nowhere"))
    fails_at(d, "regions.testville.parameters.employer_rate.values.2024-01-01.source")


@pytest.mark.parametrize("bad", ["2", "-0.01", "1.5"])
def test_rate_outside_zero_to_one_is_rejected(bad):
    d = rules_dict(employer_rate=series(("2024-01-01", bad)))
    e = fails_at(d, "regions.testville.parameters.employer_rate.values.2024-01-01.value")
    assert "0..1" in e.message.en


def test_float_is_refused_as_inexact():
    d = rules_dict(employer_rate=series(("2024-01-01", 0.06)))
    fails_at(d, "regions.testville.parameters.employer_rate.values.2024-01-01.value")


def test_count_must_be_whole_and_in_bounds():
    d = rules_dict(due_day=series(("2024-01-01", 32)))
    fails_at(d, "regions.testville.parameters.due_day.values.2024-01-01.value")


def test_grade_must_be_known():
    d = rules_dict()
    d["regions"]["testville"]["sources"]["t-notice"]["grade"] = "probably"
    fails_at(d, "regions.testville.sources.t-notice.grade")


def test_source_url_must_be_http():
    d = rules_dict()
    d["regions"]["testville"]["sources"]["t-notice"]["url"] = "javascript:alert(1)"
    fails_at(d, "regions.testville.sources.t-notice.url")


def test_region_may_not_redefine_a_national_source_id():
    d = rules_dict()
    d["regions"]["testville"]["sources"]["law"] = copy.deepcopy(d["regions"]["testville"]["sources"]["t-notice"])
    fails_at(d, "regions.testville.sources.law")


def test_required_parameter_missing_everywhere_is_rejected():
    fails_at(rules_dict(employer_rate=None), "regions.testville.parameters.employer_rate")


def test_not_published_replaces_values():
    d = rules_dict(flexible_rate={"not_published": {"en": "not found", "zh": "未找到"}})
    rules = load_rules(d)
    assert rules.regions["testville"].parameters["flexible_rate"].not_published.en == "not found"


def test_values_and_not_published_together_are_rejected():
    p = series(("2024-01-01", "0.08"))
    p["not_published"] = {"en": "x", "zh": "x"}
    fails_at(rules_dict(flexible_rate=p), "regions.testville.parameters.flexible_rate")


def test_slug_must_match_file_name():
    d = rules_dict()
    d["regions"]["testville"]["region"]["slug"] = "elsewhere"
    fails_at(d, "regions.testville.region.slug")


def test_text_needs_both_languages():
    d = rules_dict()
    del d["regions"]["testville"]["text"]["summary"]["zh"]
    fails_at(d, "regions.testville.text.summary.zh")


@pytest.mark.parametrize("bad", ["Pay at <b>once</b>", "<script>alert(1)</script>", "see <https://example.org>",
                                 "a <!-- comment -->", "<img src=x onerror=alert(1)"])
def test_html_in_policy_text_is_rejected(bad):
    d = rules_dict()
    d["regions"]["testville"]["text"]["summary"]["en"] = bad
    error = fails_at(d, "regions.testville.text.summary.en")
    assert "HTML" in error.message.en and "HTML" in error.message.zh


@pytest.mark.parametrize("fine", ["Gaps of < 3 months", "3<4 and 5 > 2", "**Markdown** and [links](https://example.org)"])
def test_text_with_angle_brackets_that_are_not_tags_is_accepted(fine):
    d = rules_dict()
    d["regions"]["testville"]["text"]["summary"]["en"] = fine
    assert load_rules(d).regions["testville"].text.summary.en == fine


def test_rounding_mode_must_be_a_decimal_mode():
    d = rules_dict()
    d["national"]["rounding"]["mode"] = "ROUND_SOMEHOW"
    fails_at(d, "national.rounding.mode")


def test_calculator_form_reads_back_and_answers_alike():
    """The browser's rules leave out the region text and contacts (schema.FORMS); everything else is checked
    by the same loader and gives the same answers."""
    from calculator.browser import calculate_json

    full = load_rules(rules_dict())
    data = rules_to_dict(full, form="calculator")
    assert data["form"] == "calculator"
    assert all("text" not in r and "contacts" not in r for r in data["regions"].values())
    calc = load_rules(data)
    assert rules_to_dict(calc, form="calculator") == data
    region = next(iter(calc.regions.values()))
    assert region.text is None and region.contacts == ()
    for slug in calc.regions:
        request = json.dumps({"action": "quote", "region": slug, "scheme": "employee", "base": "floor",
                              "gap_start": "2025-01", "gap_end": "2025-02", "paid_on": "2025-04-10"})
        assert calculate_json(request, calc) == calculate_json(request, full)
    with pytest.raises(ValueError):
        rules_to_dict(calc)  # no full form without the text


def test_calculator_form_is_strict():
    data = rules_to_dict(load_rules(rules_dict()), form="calculator")
    with_text = copy.deepcopy(data)
    slug = next(iter(with_text["regions"]))
    with_text["regions"][slug]["text"] = rules_dict()["regions"][slug]["text"]
    with pytest.raises(PolicyError, match="unknown key 'text'"):
        load_rules(with_text)
    with pytest.raises(PolicyError, match="form must be one of"):
        load_rules({**data, "form": "short"})
    missing = rules_dict()
    del missing["regions"][slug]["contacts"]
    with pytest.raises(PolicyError, match="missing required key 'contacts'"):
        load_rules(missing)


def two_regions():
    """Testville and a copy of it, Otherville, with its own source ids (t-* becomes o-*)."""
    d = rules_dict()
    other = json.loads(json.dumps(d["regions"]["testville"]).replace("testville", "otherville")
                       .replace('"t-', '"o-'))
    d["regions"]["otherville"] = other
    return d


def test_regions_on_demand_read_and_answer_like_all_at_once():
    """The browser checks each region when first asked about (the build checked them all): same rules, same
    answers, whichever region is asked first."""
    from calculator.browser import calculate_json

    eager = load_rules(two_regions())
    for first in ("testville", "otherville"):
        lazy = load_rules(two_regions(), regions_on_demand=True)
        assert list(lazy.regions) == list(eager.regions) == ["otherville", "testville"]
        assert list(lazy.sources) == list(eager.sources)
        request = json.dumps({"action": "quote", "region": first, "scheme": "employee", "base": "floor",
                              "gap_start": "2025-01", "gap_end": "2025-02", "paid_on": "2025-04-10"})
        assert calculate_json(request, lazy) == calculate_json(request, eager)
        assert lazy == eager
        assert rules_to_dict(lazy) == rules_to_dict(eager)


def test_a_region_checked_on_demand_fails_when_looked_up_with_its_path():
    d = two_regions()
    d["regions"]["otherville"]["parameters"]["employer_rate"]["values"]["2024-01-01"]["value"] = "1.5"
    fails_at(d, "regions.otherville.parameters.employer_rate")
    lazy = load_rules(d, regions_on_demand=True)
    assert lazy.regions["testville"].slug == "testville"
    assert lazy.sources["t-notice"].url
    for lookup in (lambda: lazy.regions["otherville"], lambda: lazy.sources["o-notice"]):
        with pytest.raises(PolicyError) as info:
            lookup()
        assert info.value.dotted.startswith("regions.otherville.parameters.employer_rate"), info.value.dotted
    with pytest.raises(KeyError):
        lazy.regions["nowhere"]


def test_a_source_id_is_defined_by_one_region_only():
    """Source ids are global (a page cites them by id): a second region defining one is refused, not merged."""
    d = two_regions()
    d["regions"]["testville"]["sources"]["o-notice"] = copy.deepcopy(d["regions"]["otherville"]["sources"]["o-notice"])
    for on_demand in (False, True):
        with pytest.raises(PolicyError) as info:
            load_rules(d, regions_on_demand=on_demand)
        assert info.value.dotted == "regions.testville.sources.o-notice"
        assert "otherville" in info.value.message.en and "otherville" in info.value.message.zh
