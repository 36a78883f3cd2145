"""Case tables: tests/cases/<region>.yaml, each case a sentence, a request and the expected (partial) result.

The arithmetic behind each expected figure is written beside it as a comment in the YAML.
"""

from pathlib import Path

import pytest

from calculator import CalcError, calculate
from guide.yaml_loader import load_yaml

CASES = Path(__file__).parent / "cases"


def load_cases():
    out = []
    for file in sorted(CASES.glob("*.yaml")):
        data, _ = load_yaml(file)
        for case in data:
            out.append(pytest.param(case, id=f"{file.stem}: {case['name']}"))
    return out


def matches(expected, actual, path="$"):
    """Every key in ``expected`` equals the same key in ``actual``; lists must have the same length."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}.{k} missing"
            matches(v, actual[k], f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            matches(e, a, f"{path}[{i}]")
    else:
        assert str(expected) == str(actual), f"{path}: expected {expected!r}, got {actual!r}"


ALL_CASES = load_cases()


@pytest.mark.parametrize("case", ALL_CASES)
def test_case(real_rules, case):
    assert set(case) == {"name", "input", "expect"}, "a case has exactly name, input, expect"
    try:
        result = calculate(real_rules, case["input"])
    except CalcError as exc:
        result = exc.to_dict()
    matches(case["expect"], result)


def test_every_region_has_at_least_three_cases(real_rules):
    counts = {slug: 0 for slug in real_rules.regions}
    for p in ALL_CASES:
        region = p.values[0]["input"].get("region")
        if region in counts:
            counts[region] += 1
    assert {s: n for s, n in counts.items() if n < 3} == {}
