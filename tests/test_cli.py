"""The command line: JSON output equals calculate_json; bad input is one line on stderr and exit status 2."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from calculator import calculate_json


def run(rules_json, *args):
    return subprocess.run([sys.executable, "-m", "calculator", "--rules", str(rules_json), *args],
                          capture_output=True, text=True, timeout=60)


GZ = ["quote", "--region", "guangzhou", "--scheme", "employee", "--base", "8000", "--gap-start", "2025-03",
      "--gap-end", "2025-05", "--paid-on", "2025-07-10"]


def test_guangzhou_quote_adds_up_and_names_sources(real_rules_json):
    proc = run(real_rules_json, *GZ, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    lines, totals = out["lines"], out["totals"]
    assert len(lines) == 3
    assert Decimal(totals["principal"]) == sum(Decimal(x["total"]) for x in lines)
    assert Decimal(totals["late_fee"]) == sum(Decimal(x["late_fee"]) for x in lines)
    assert Decimal(totals["total"]) == Decimal(totals["principal"]) + Decimal(totals["late_fee"])
    for x in lines:
        assert x["sources"] and all(s in out["sources"] for s in x["sources"])
        unrounded = Decimal(x["total"]) * Decimal("0.0005") * x["days_late"]
        assert Decimal(x["late_fee"]) == unrounded.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert x["days_late"] > 0


def test_cli_json_equals_calculate_json(real_rules, real_rules_json):
    proc = run(real_rules_json, *GZ, "--json")
    request = {"action": "quote", "region": "guangzhou", "scheme": "employee", "base": "8000",
               "gap_start": "2025-03", "gap_end": "2025-05", "paid_on": "2025-07-10"}
    assert json.loads(proc.stdout) == json.loads(calculate_json(json.dumps(request), real_rules))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_output_in_each_language(real_rules_json, lang):
    proc = run(real_rules_json, *GZ, "--lang", lang)
    assert proc.returncode == 0
    assert ("广州" in proc.stdout) if lang == "zh" else ("Guangzhou" in proc.stdout)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (["--base", "-1"], "base"),
        (["--gap-start", "2025-13"], "gap_start"),
        (["--gap-end", "2025-02"], "gap_end"),
        (["--region", "atlantis"], "region"),
        (["--paid-on", "2025-02-01"], "paid_on"),
        (["--base", "NaN"], "base"),
        (["--scheme", "both"], "scheme"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(real_rules_json, change, field):
    args = list(GZ)
    i = args.index(change[0])
    args[i + 1] = change[1]
    proc = run(real_rules_json, *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and f"[{field}]" in err
    assert "Traceback" not in proc.stderr


def test_unknown_flag_is_one_line_exit_2(real_rules_json):
    proc = run(real_rules_json, *GZ, "--salary", "9000")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_missing_rules_file_is_a_clear_error(tmp_path):
    proc = run(tmp_path / "none.json", *GZ)
    assert proc.returncode == 2 and "make rules" in proc.stderr


def test_retirement_command(real_rules_json):
    proc = run(real_rules_json, "retirement", "--region", "guangzhou", "--group", "female-50", "--birth-month",
               "1980-06", "--months-paid", "120", "--as-of", "2026-11-27", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["retirement_month"] == "2033-03"
