"""Immutable value classes without code generated at import time.

The core's value classes (the rules model, requests, quotes) were frozen dataclasses. ``@dataclass`` writes
each class's ``__init__``, ``__eq__``, ``__repr__``, ``__hash__`` and ``__setattr__`` as source text and
compiles it when the module is imported: inside Pyodide that cost ~1 ms a class, two thirds of importing
the core, on every page load. Here each class spells out ``__slots__`` and its ``__init__`` (compiled into
the wheel's .pyc at build time like any other code); this base gives the rest, with a frozen dataclass's
behaviour: assignment refused, equality and hash by value between instances of the same class, the same
``repr``, ``replace`` (``copy.replace`` on Python 3.13+), pickling and ``__match_args__``.
"""

from __future__ import annotations

setfield = object.__setattr__  # what a class's __init__ uses to fill its slots


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen value (as ``dataclasses.FrozenInstanceError``, an AttributeError)."""


class Record:
    """Subclasses set ``__match_args__`` to their field names in order, ``__slots__ = __match_args__``, and
    an ``__init__`` that fills every field with ``setfield``."""

    __slots__ = ()

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self.__match_args__])

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{self.__class__.__qualname__}({parts})"

    def __reduce__(self):
        return (self.__class__, self._values())

    def __replace__(self, **changes):
        values = {name: getattr(self, name) for name in self.__match_args__}
        for name in changes:
            if name not in values:
                raise TypeError(f"{self.__class__.__qualname__} has no field {name!r}")
        values.update(changes)
        return self.__class__(**values)


def replace(obj: Record, **changes) -> Record:
    """A copy of ``obj`` with some fields changed (``dataclasses.replace`` for these classes)."""
    return obj.__replace__(**changes)


def fields(obj: Record) -> dict:
    """Field name -> value, in declaration order."""
    return {name: getattr(obj, name) for name in obj.__match_args__}
