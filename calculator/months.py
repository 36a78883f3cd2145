"""Calendar months and strict date parsing. Contributions are owed per month, so the month is the unit."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .record import Record, setfield

# ASCII digits and the whole text: "\d" takes any script's digits and "$" a trailing newline.
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class Month(Record):
    year: int
    month: int

    __match_args__ = ("year", "month")
    __slots__ = __match_args__

    def __init__(self, year: int, month: int):
        setfield(self, "year", year)
        setfield(self, "month", month)

    def __lt__(self, other):
        if other.__class__ is self.__class__:
            return self._values().__lt__(other._values())
        return NotImplemented

    def __le__(self, other):
        if other.__class__ is self.__class__:
            return self._values().__le__(other._values())
        return NotImplemented

    def __gt__(self, other):
        if other.__class__ is self.__class__:
            return self._values().__gt__(other._values())
        return NotImplemented

    def __ge__(self, other):
        if other.__class__ is self.__class__:
            return self._values().__ge__(other._values())
        return NotImplemented

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``; raise ValueError for anything else (``2025-13``, ``2025-3``)."""
        m = _MONTH.fullmatch(text) if isinstance(text, str) else None
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
            raise ValueError(text)
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def minus(self, other: Month) -> int:
        """Whole months from ``other`` to ``self`` (negative when ``other`` is later)."""
        return (self.year - other.year) * 12 + (self.month - other.month)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        # The day before the next month's first (importing the calendar module costs the browser start-up).
        return self.plus(1).first_day() - timedelta(days=1)

    def day(self, n: int) -> date:
        """Day ``n`` of the month; a day past the month's end means its last day."""
        return date(self.year, self.month, min(n, self.last_day().day))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` strictly; raise ValueError otherwise (no other formats, no times)."""
    m = _DATE.fullmatch(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def month_range(first: Month, last: Month) -> list[Month]:
    return [first.plus(i) for i in range(last.minus(first) + 1)]
