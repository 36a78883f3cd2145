"""Broken policy files fail with file, line and field path; nothing crashes with a traceback."""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.policy_files import load_policies
from guide.yaml_loader import YamlError


def region_file(policy_dir):
    return policy_dir / "regions" / "testville.yaml"


def edit(path, old, new, count=1):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def line_of(path, needle):
    for i, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_valid_folder_loads(policy_dir):
    rules = load_policies(policy_dir)
    assert list(rules.regions) == ["testville"]


def test_yaml_numbers_stay_exact_decimals(policy_dir):
    edit(region_file(policy_dir), "value: '0.02'", "value: 0.02")
    rules = load_policies(policy_dir)
    assert str(rules.regions["testville"].parameters["individual_rate"].values[0].value) == "0.02"


def test_duplicate_key_names_file_and_line(policy_dir):
    f = region_file(policy_dir)
    edit(f, "last_reviewed: '2026-01-01'", "last_reviewed: '2026-01-01'\nlast_reviewed: '2026-02-01'")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.file == f and info.value.line == line_of(f, "2026-02-01")
    assert "duplicate key" in str(info.value)


def test_unknown_key_names_file_line_and_path(policy_dir):
    f = region_file(policy_dir)
    edit(f, "last_reviewed: '2026-01-01'", "last_reviewed: '2026-01-01'\nlast_reveiwed: '2026-01-01'")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.file == f and info.value.path == "last_reveiwed"
    assert info.value.line == line_of(f, "last_reveiwed")


def test_rate_outside_range_points_at_its_line(policy_dir):
    f = region_file(policy_dir)
    edit(f, "value: '0.055'", "value: 5.5")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.path == "parameters.employer_rate.values.2025-07-01.value"
    assert info.value.line == line_of(f, "value: 5.5")
    assert "0..1" in info.value.en and "0 到 1" in info.value.zh


def test_unsorted_dates_point_at_the_later_key(policy_dir):
    f = region_file(policy_dir)
    text = f.read_text()
    # swap the two base_floor dates so they run backwards
    text = text.replace("'2024-01-01':\n        value: '5000'", "'2026-01-01':\n        value: '5000'", 1)
    f.write_text(text)
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.path == "parameters.base_floor.values.2025-01-01"
    assert info.value.line == line_of(f, "'2025-01-01':")


def test_missing_source_names_the_value(policy_dir):
    f = region_file(policy_dir)
    edit(f, "        value: '26000'\n        source: t-notice\n", "        value: '26000'\n")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.path == "parameters.base_ceiling.values.2025-01-01.source"
    assert info.value.file == f and info.value.line is not None


def test_malformed_date_in_national_names_national_file(policy_dir):
    f = policy_dir / "national.yaml"
    edit(f, "last_reviewed: '2026-01-01'", "last_reviewed: 2026-1-1")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.file == f and info.value.path == "last_reviewed" and info.value.line == 2


def test_yaml_syntax_error_has_a_line(policy_dir):
    f = region_file(policy_dir)
    edit(f, "last_reviewed: '2026-01-01'", "last_reviewed: [unclosed")
    with pytest.raises(YamlError) as info:
        load_policies(policy_dir)
    assert info.value.file == f and info.value.line is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), ops=st.integers(1, 3))
def test_mutated_policy_yaml_gives_located_errors_never_tracebacks(policy_dir, seed, ops):
    """Fuzz: delete, duplicate or garble random lines; any failure must be a YamlError with a file."""
    original = region_file(policy_dir).read_text()
    rng = random.Random(seed)
    lines = original.splitlines()
    for _ in range(ops):
        i = rng.randrange(len(lines))
        choice = rng.randrange(5)
        if choice == 0:
            del lines[i]
        elif choice == 1:
            lines.insert(i, lines[i])
        elif choice == 2:
            lines[i] = re.sub(r"\d", lambda m: str(rng.randrange(10)), lines[i])
        elif choice == 3:
            lines[i] = lines[i] + rng.choice([" :", " [", "'", " -1", " 0.5", " null", "\t"])
        else:
            lines[i] = " " * rng.randrange(4) + lines[i].lstrip()
    region_file(policy_dir).write_text("\n".join(lines) + "\n")
    try:
        load_policies(policy_dir)
    except YamlError as exc:
        assert exc.file.name in ("testville.yaml", "national.yaml", policy_dir.name)
        assert exc.en and exc.zh
    finally:
        region_file(policy_dir).write_text(original)
