"""calculate_json: JSON in, JSON out, never an exception, whatever arrives."""

import json

import pytest

from calculator import calculate, calculate_json

GOOD = {"action": "quote", "region": "testville", "scheme": "employee", "base": "8000",
        "gap_start": "2025-03", "gap_end": "2025-05", "paid_on": "2025-07-10"}


def call(rules, payload):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return json.loads(calculate_json(text, rules))


def test_json_result_equals_the_python_result(rules):
    assert call(rules, GOOD) == json.loads(json.dumps(calculate(rules, GOOD)))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"base": "-1"}, "base"),
        ({"base": "0"}, "base"),
        ({"base": "1e5"}, "base"),
        ({"base": "NaN"}, "base"),
        ({"base": "Infinity"}, "base"),
        ({"base": "99999999999"}, "base"),
        ({"base": True}, "base"),
        ({"gap_start": "2025-13"}, "gap_start"),
        ({"gap_end": "2025-02"}, "gap_end"),
        ({"gap_end": "2025-08"}, "gap_end"),
        ({"paid_on": "2025-02-28"}, "paid_on"),
        ({"paid_on": "2025-02-30"}, "paid_on"),
        ({"region": "atlantis"}, "region"),
        ({"region": ["testville"]}, "region"),
        ({"scheme": "both"}, "scheme"),
        ({"lang": "fr"}, "lang"),
        ({"gap_start": "1990-01"}, "gap_start"),
        ({"action": "pay"}, "action"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_gives_an_error_naming_the_field(rules, change, field):
    out = call(rules, {**GOOD, **change})
    err = out["error"]
    assert err["field"] == field
    assert err["message"]["en"] and err["message"]["zh"]


@pytest.mark.parametrize("missing", ["region", "scheme", "base", "gap_start", "gap_end", "paid_on", "action"])
def test_missing_field_is_named(rules, missing):
    out = call(rules, {k: v for k, v in GOOD.items() if k != missing})
    assert out["error"]["field"] == missing


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", "null", "42", '"quote"', '{"action": NaN}', '{"base": Infinity}', "x" * 20000,
     "[" * 5000 + "]" * 5000],
)
def test_malformed_json_is_an_error_object(rules, text):
    out = call(rules, text)
    assert set(out) == {"error"} and out["error"]["code"] in {"invalid_json", "invalid_request"}


def test_gap_too_long_is_refused_not_clamped(rules):
    out = call(rules, {**GOOD, "gap_start": "2000-01", "gap_end": "2025-05"})
    assert out["error"]["code"] == "out_of_range" and out["error"]["field"] == "gap_start"


def test_numbers_may_arrive_as_json_numbers(rules):
    assert call(rules, {**GOOD, "base": 8000}) == call(rules, GOOD)


def test_the_worker_reads_the_built_rules_like_the_command_line(rules):
    """load_checked_rules_json (the worker, after the file's sha256 matched) takes the file's bytes and checks
    regions on first use; it reads the same rules and gives the same answers as load_rules_json, and a region's
    error still surfaces."""
    from calculator import rules_to_dict
    from calculator.browser import load_checked_rules_json, load_rules_json

    text = json.dumps(rules_to_dict(rules), ensure_ascii=False)
    checked, strict = load_checked_rules_json(memoryview(text.encode())), load_rules_json(text)
    slug = next(iter(strict.regions))
    request = json.dumps({"action": "quote", "region": slug, "scheme": "employee", "base": "floor",
                          "gap_start": "2025-01", "gap_end": "2025-03", "paid_on": "2025-05-10"})
    assert calculate_json(request, checked) == calculate_json(request, strict)
    assert checked == strict
    broken = json.loads(text)
    broken["regions"][slug]["last_reviewed"] = "2025-13-01"
    lazy = load_checked_rules_json(json.dumps(broken).encode())
    with pytest.raises(ValueError, match=f"regions.{slug}.last_reviewed"):
        lazy.regions[slug]
