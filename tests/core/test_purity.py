"""The core imports only the standard library, so the same files run in CPython and in Pyodide."""

import ast
import pathlib
import sys

import calculator

CORE = pathlib.Path(calculator.__file__).parent
FORBIDDEN = {"threading", "multiprocessing", "subprocess", "socket", "random", "time"}


def imported_modules():
    for file in sorted(CORE.glob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield file.name, alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                yield file.name, node.module.split(".")[0]


def test_core_imports_only_the_standard_library():
    outside = {(f, m) for f, m in imported_modules() if m not in sys.stdlib_module_names and m != "calculator"}
    assert outside == set()


def test_core_avoids_clock_threads_and_processes():
    used = {(f, m) for f, m in imported_modules() if m in FORBIDDEN}
    assert used == set()


def test_only_the_command_line_touches_files_or_the_environment():
    for file in sorted(CORE.glob("*.py")):
        text = file.read_text(encoding="utf-8")
        if file.name in ("cli.py", "__main__.py"):
            continue
        for word in ("open(", "read_text", "os.environ", "date.today", "datetime.now"):
            assert word not in text, f"{file.name} uses {word}"
