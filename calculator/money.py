"""Decimal arithmetic for money. The quantum and rounding mode come from the policy data."""

from __future__ import annotations

import decimal
from decimal import Decimal

from .record import Record, setfield

ROUNDING_MODES = frozenset(
    name for name in dir(decimal) if name.startswith("ROUND_") and isinstance(getattr(decimal, name), str)
)

# A private context: the core never depends on (or changes) the caller's global decimal context.
CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])


class Rounding(Record):
    quantum: Decimal
    mode: str

    __match_args__ = ("quantum", "mode")
    __slots__ = __match_args__

    def __init__(self, quantum: Decimal, mode: str):
        setfield(self, "quantum", quantum)
        setfield(self, "mode", mode)

    def apply(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.mode, context=CONTEXT)


def mul(*factors: Decimal | int) -> Decimal:
    result = Decimal(1)
    for f in factors:
        result = CONTEXT.multiply(result, Decimal(f))
    return result


def total(amounts) -> Decimal:
    result = Decimal(0)
    for a in amounts:
        result = CONTEXT.add(result, a)
    return result


def as_text(amount: Decimal) -> str:
    """Plain decimal string, never exponent notation ("1E+1" would surprise a reader)."""
    return format(amount, "f")
