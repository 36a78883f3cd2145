"""The architecture as the import graph shows it: no cycles among the project's modules, the core imports
only the standard library, the build never imports the dev tools, and no build module grows past ~350 lines."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("calculator", "guide", "devtools")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Project modules that ``name`` imports at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    # A submodule "importing" its own package is how Python loads it, not a dependency of the design.
    return {name: {m for m in imports(name, path) if m in mods and m != name and not name.startswith(m + ".")}
            for name, path in mods.items()}


def test_no_import_cycles():
    g = graph()
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(g[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail[trail.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node, [node])


def test_the_core_imports_only_the_standard_library_and_itself():
    for name, path in modules().items():
        if not name.startswith("calculator"):
            continue
        for module in imports(name, path):
            top = module.split(".")[0]
            assert top == "calculator" or top in sys.stdlib_module_names or top == "__future__", (name, module)


def test_the_build_never_imports_the_dev_tools():
    for name, deps in graph().items():
        if name.startswith(("guide", "calculator")):
            assert not any(d.startswith("devtools") for d in deps), (name, deps)


def test_build_modules_stay_small():
    for name, path in modules().items():
        if name.startswith("guide"):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 360, name
