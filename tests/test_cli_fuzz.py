"""The command line under hostile input (issue 18): every invocation exits 0 or 2, never with a traceback,
whatever the flags hold, whatever the rules file holds, whatever the terminal's encoding."""

import contextlib
import functools
import io
import json
import os
import subprocess
import sys

import pytest
from hostile_inputs import cli_argvs

from calculator import cli

ARGVS = cli_argvs(300)


def run_in_process(argv: list[str], encoding: str) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr of the given encoding (strict errors, like a real terminal's stdout)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    err = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exc:  # argparse: --help and usage errors
            status = exc.code
    out.flush()
    err.flush()
    return status, out.buffer.getvalue().decode(encoding), err.buffer.getvalue().decode(encoding)


def test_the_fuzz_covers_enough_invocations():
    assert len(ARGVS) >= 300


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "ascii", "gbk"])
def test_hostile_invocations_exit_0_or_2_in_any_terminal_encoding(real_rules_json, encoding, monkeypatch):
    # The same rules file each time: validate it once (the rules are frozen), so the fuzz tests the flags.
    monkeypatch.setattr(cli, "load_rules_json", functools.lru_cache(maxsize=2)(cli.load_rules_json))
    bad = []
    for argv in ARGVS:
        try:
            status, _, err = run_in_process(["--rules", str(real_rules_json), *argv], encoding)
        except Exception as exc:  # a traceback is the failure being counted
            bad.append((argv, f"{type(exc).__name__}: {exc}"))
            continue
        if status not in (0, 2) or "Traceback" in err:
            bad.append((argv, status, err[-200:]))
    assert bad == [], f"{len(bad)} of {len(ARGVS)} invocations failed: {bad[:3]}"


def test_errors_are_one_line_and_bilingual(real_rules_json):
    status, out, err = run_in_process(["--rules", str(real_rules_json), "retirement", "--region", "guangzhou",
                                       "--group", "male-60", "--birth-month", "1968-05", "--months-paid", "²",
                                       "--as-of", "2026-11-27"], "utf-8")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "[months_paid]" in err and "0-9" in err and "已累计缴费月数" in err


def test_a_latin1_terminal_gets_escapes_not_a_crash(real_rules_json):
    status, out, _ = run_in_process(["--rules", str(real_rules_json), "quote", "--region", "guangzhou", "--scheme",
                                     "employee", "--base", "8000", "--gap-start", "2025-01", "--gap-end", "2025-03",
                                     "--paid-on", "2025-06-30", "--lang", "zh"], "latin-1")
    assert status == 0
    assert "\\u5e7f\\u5dde" in out  # 广州, escaped


SUBPROCESS_ENVS = [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"},
                   {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
                   {"PYTHONIOENCODING": "gbk"}]


@pytest.mark.parametrize("env", SUBPROCESS_ENVS, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()))
def test_real_processes_in_non_utf8_terminals(real_rules_json, env):
    sample = [a for a in ARGVS if not any("\x00" in x for x in a)][::40]
    sample.append(["quote", "--region", "guangzhou", "--scheme", "employee", "--base", "8000", "--gap-start",
                   "2025-01", "--gap-end", "2025-03", "--paid-on", "2025-06-30", "--lang", "zh"])
    for argv in sample:
        proc = subprocess.run([sys.executable, "-m", "calculator", "--rules", str(real_rules_json), *argv],
                              capture_output=True, env={**os.environ, **env}, timeout=60)
        assert proc.returncode in (0, 2), (argv, proc.stderr[-500:])
        assert b"Traceback" not in proc.stderr, (argv, proc.stderr[-500:])


@pytest.mark.parametrize("content", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": ' * 5000 + b"1" + b"}" * 5000,
    b"\xff\xfe not utf-8",
    b"not json",
    b'{"schema_version": 1, "national": {}, "regions": {}, "x": NaN}',
    b'{"schema_version": ' + b"9" * 5000 + b"}",
    b"[]",
    b" " * 6_000_000,
])
def test_hostile_rules_files_are_a_located_error(tmp_path, content):
    rules = tmp_path / "rules.json"
    rules.write_bytes(content)
    status, out, err = run_in_process(["--rules", str(rules), "retirement", "--region", "x"], "utf-8")
    assert status == 2 and out == ""
    assert err.startswith("error [rules]: ") and "规则文件" in err and err.count("\n") == 1


def test_a_missing_or_folder_rules_path_is_an_error(tmp_path):
    for path in (tmp_path / "nope.json", tmp_path):
        status, _, err = run_in_process(["--rules", str(path), "retirement"], "utf-8")
        assert status == 2 and "[rules]" in err


def test_json_output_matches_calculate_json_for_the_same_strings(real_rules, real_rules_json):
    from calculator import calculate_json

    argv = ["retirement", "--region", "guangzhou", "--group", "female-55", "--birth-month", "1975-02",
            "--months-paid", "150", "--as-of", "2026-11-27", "--json"]
    status, out, _ = run_in_process(["--rules", str(real_rules_json), *argv], "utf-8")
    request = {"action": "retirement", "region": "guangzhou", "group": "female-55", "birth_month": "1975-02",
               "months_paid": "150", "as_of": "2026-11-27"}
    assert status == 0 and json.loads(out) == json.loads(calculate_json(json.dumps(request), real_rules))
