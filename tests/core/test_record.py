"""The value classes behave as the frozen dataclasses they replaced (calculator/record.py)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from calculator.model import Source, Text
from calculator.months import Month
from calculator.record import FrozenInstanceError, fields, replace


def test_value_semantics():
    a, b = Text("a", "甲"), Text("a", "甲")
    assert a == b and hash(a) == hash(b) and a is not b
    assert Text("a", "b") != Text("b", "a")
    assert Text("a", "b") != ("a", "b")
    assert repr(a) == "Text(en='a', zh='甲')"
    assert fields(a) == {"en": "a", "zh": "甲"}
    match a:
        case Text(en, zh):
            assert (en, zh) == ("a", "甲")


def test_frozen():
    t = Text("a", "b")
    with pytest.raises(FrozenInstanceError):
        t.en = "c"
    with pytest.raises(AttributeError):
        del t.zh
    with pytest.raises(AttributeError):
        t.other = 1
    assert not hasattr(t, "__dict__")


def test_defaults_replace_and_copy():
    s = Source("id", Text("t", "t"), Text("i", "i"), "https://example.org/", "official")
    assert s.doc_no is None and s.published is None
    later = replace(s, published=date(2025, 1, 1))
    assert later.published == date(2025, 1, 1) and s.published is None
    with pytest.raises(TypeError):
        replace(s, nope=1)
    assert copy.deepcopy(later) == later and copy.copy(later) == later


def test_month_order():
    assert Month(2024, 12) < Month(2025, 1) <= Month(2025, 1) < Month(2025, 2)
    assert Month(2025, 2) > Month(2024, 12) >= Month(2024, 12)
    assert sorted([Month(2025, 1), Month(2024, 3), Month(2024, 11)]) == [Month(2024, 3), Month(2024, 11), Month(2025, 1)]
    assert len({Month(2025, 1), Month(2025, 1)}) == 1
