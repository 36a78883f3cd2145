"""The core inside Pyodide under Node, offline at run time.

1. The core's own unit tests (tests/core/) pass. Pure-Python wheels of pytest and what it needs (the
   versions this venv runs) are downloaded once with `pip download --only-binary=:all: --no-deps` into
   .cache/pyodide-wheels/ and unpacked into Pyodide by devtools/node/run_core_tests.mjs.
2. The *built* browser runtime (docs/assets/runtime: trimmed standard library, compiled wheel, rules)
   answers every case, every region's requests and a set of hostile texts exactly as the host does
   (devtools/node/run_requests.mjs): the trimmed standard library leaves out nothing the core needs.

Skipped only when node, `npm ci` or the built runtime is missing locally; in CI (env CI set) those are
failures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "devtools" / "node" / "run_core_tests.mjs"
REQUESTS_RUNNER = ROOT / "devtools" / "node" / "run_requests.mjs"
MANIFEST = ROOT / "docs" / "assets" / "runtime" / "manifest.json"
WHEELS = ROOT / ".cache" / "pyodide-wheels"
# pytest and its run-time needs on Python 3.14 (exceptiongroup/tomli are for <3.11, colorama for Windows).
PURE_WHEELS = ("pytest", "pluggy", "iniconfig", "packaging", "pygments")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def _ensure_wheels() -> Path:
    pins = [f"{name}=={version(name)}" for name in PURE_WHEELS]
    have = {p.name.split("-")[0].lower().replace("_", "-") + "==" + p.name.split("-")[1]
            for p in WHEELS.glob("*.whl")}
    wanted = {pin.lower() for pin in pins}
    if not wanted <= have:
        WHEELS.mkdir(parents=True, exist_ok=True)
        for stale in WHEELS.glob("*.whl"):
            stale.unlink()
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--only-binary=:all:", "--no-deps", "--dest", str(WHEELS), *pins], check=True)
    return WHEELS


def test_core_tests_pass_inside_pyodide():
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        _missing("node_modules/pyodide is missing: run `npm ci --ignore-scripts`")
    if not any((ROOT / "tests" / "core").glob("test_*.py")):
        pytest.fail("tests/core has no test files")
    wheels = _ensure_wheels()
    # Node's default ~1 MB stack is less than CPython's recursion limit needs inside wasm (a request
    # nested 5000 deep overflows it and kills the interpreter); 2 MB fits within Linux's 8 MB main stack.
    res = subprocess.run([node, "--stack-size=2000", str(RUNNER), "--wheels", str(wheels)], cwd=ROOT,
                         capture_output=True,
                         text=True, timeout=300)
    sys.stdout.write(res.stdout[-4000:])
    sys.stderr.write(res.stderr[-4000:])
    assert res.returncode == 0, f"pytest inside Pyodide exited with {res.returncode}:\n{res.stdout[-3000:]}{res.stderr[-2000:]}"
    assert "passed" in res.stdout


def _requests(rules) -> list[str]:
    """Request texts: every case of tests/cases, two quotes per region and scheme, a retirement check per
    region and group, and texts a hostile caller might send."""
    from guide.yaml_loader import load_yaml

    texts = []
    for file in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data, _ = load_yaml(file)
        texts += [json.dumps(case["input"], default=str, ensure_ascii=False) for case in data]
    for slug in sorted(rules.regions):
        for scheme in ("employee", "flexible"):
            for base in ("floor", "8000", "99999"):
                texts.append(json.dumps({"action": "quote", "region": slug, "scheme": scheme, "base": base,
                                         "gap_start": "2024-11", "gap_end": "2025-02", "paid_on": "2025-06-30"}))
        for group in ("male-60", "female-55", "female-50"):
            texts.append(json.dumps({"action": "retirement", "region": slug, "group": group,
                                     "birth_month": "1968-05", "months_paid": 200, "as_of": "2026-11-27"}))
    texts += ["", "{", "[]", "null", "1e999", "NaN", '{"action": "quote"}', '{"action": 1}',
              '{"action": "quote", "region": "广州"}', "[" * 200 + "]" * 200, '{"a": ' * 300 + "1" + "}" * 300,
              '{"action": "quote", "base": 12345678901234567890}', "x" * 10_001, '{"\ud800": 1}',
              # issue 19: nesting past Pyodide's stack (~2,360) and numbers that once cost seconds to convert
              "[" * 2400 + "]" * 2400, "[" * 5000 + "]" * 5000, '{"a": ' * 2000 + "1" + "}" * 2000,
              '{"action": "retirement", "region": "guangzhou", "group": "male-60", "birth_month": "1968-05", '
              '"months_paid": 1e999999, "as_of": "2026-11-27"}',
              '{"action": "retirement", "region": "guangzhou", "group": "male-60", "birth_month": "9999-10", '
              '"months_paid": 1, "as_of": "9999-12-31"}',
              '{"action": "quote", "region": "guangzhou", "scheme": "employee", "base": "８０００", '
              '"gap_start": "2025-01", "gap_end": "2025-02\\n", "paid_on": "2025-06-30"}',
              '{"action": "retirement", "region": "guangzhou", "group": "male-60", "birth_month": "1968-05", '
              '"months_paid": "²", "as_of": "2026-11-27"}', '{"months_paid": NaN}', '{"base": -Infinity}']
    return texts


def test_built_runtime_answers_like_the_host(tmp_path):
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed")
    if not MANIFEST.is_file():
        _missing("docs/assets/runtime is not built: run `make runtime`")
    from calculator.browser import calculate_json, load_rules_json

    manifest = json.loads(MANIFEST.read_text())
    rules_path = MANIFEST.parent / manifest["base"] / manifest["files"]["rules"]
    rules = load_rules_json(rules_path.read_text(encoding="utf-8"))
    texts = _requests(rules)
    spec = tmp_path / "requests.json"
    spec.write_text(json.dumps(texts))
    res = subprocess.run([node, "--stack-size=2000", str(REQUESTS_RUNNER), str(MANIFEST), str(spec)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["pyodide"] == manifest["pyodide_version"]
    assert "calculator.browser" in out["modules"]
    assert len(out["responses"]) == len(texts)
    mismatches = [(text[:120], got[:300], want[:300])
                  for text, got in zip(texts, out["responses"], strict=True)
                  if got != (want := calculate_json(text, rules))]
    assert mismatches == [], f"{len(mismatches)} of {len(texts)} answers differ from the host's: {mismatches[:3]}"
    # The requests reached the real rules and the real errors, not one repeated message.
    answers = [json.loads(r) for r in out["responses"]]
    assert sum("totals" in a for a in answers) >= 60
    assert len({a["error"]["code"] for a in answers if "error" in a}) >= 5
