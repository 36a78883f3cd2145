"""The parameter table of the editors' guide (policies/README.md), generated from calculator/parameters.py so
the guide cannot describe a parameter differently from the loader, the pages and the JSON Schema."""

from __future__ import annotations

from calculator.parameters import PARAMETERS, Kind

START, END = "<!-- parameters: generated from calculator/parameters.py -->", "<!-- /parameters -->"


def _bounds(spec) -> str:
    if spec.kind is Kind.COUNT:
        return f"{spec.low}–{spec.high}"
    return "0–1" if spec.kind is Kind.RATE else "≥ 0"


def parameter_table() -> str:
    rows = ["| name | label | unit | range | required | meaning |", "|---|---|---|---|---|---|"]
    for name, spec in PARAMETERS.items():
        rows.append(f"| `{name}` | {spec.label.en} / {spec.label.zh} | {spec.unit.en} | {_bounds(spec)} | "
                    f"{'yes' if spec.required else ''} | {spec.meaning.en} |")
    return "\n".join(rows)


def with_table(readme: str) -> str:
    """The editors' guide with its parameter table regenerated between the markers."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{parameter_table()}\n{END}{tail}"
