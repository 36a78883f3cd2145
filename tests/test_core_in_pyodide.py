"""The core's own unit tests (tests/core/) pass inside Pyodide under Node, offline at run time.

Pure-Python wheels of pytest and what it needs (the versions this venv runs) are downloaded once with
`pip download --only-binary=:all: --no-deps` into .cache/pyodide-wheels/ and unpacked into Pyodide by
scripts/pyodide/run_core_tests.mjs. Skipped only when node or `npm ci` is missing locally; in CI
(env CI set) those are failures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "pyodide" / "run_core_tests.mjs"
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
