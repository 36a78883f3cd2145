"""The editors' guide describes each parameter exactly as calculator/parameters.py does (regenerate the table
with UPDATE_EDITORS_GUIDE=1)."""

import os
from pathlib import Path

from guide.editors_guide import END, START, parameter_table, with_table

README = Path(__file__).resolve().parents[2] / "policies" / "README.md"


def test_parameter_table_is_generated_from_the_descriptions():
    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_EDITORS_GUIDE"):
        README.write_text(with_table(text), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    assert with_table(text) == text, "policies/README.md: parameter table out of date (UPDATE_EDITORS_GUIDE=1)"


def test_every_parameter_has_a_row():
    from calculator.parameters import PARAMETERS

    table = parameter_table()
    assert all(f"| `{name}` |" in table for name in PARAMETERS)
