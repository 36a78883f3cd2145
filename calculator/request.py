"""Validate a request object (from JSON or the command line) into typed requests. Nothing is clamped silently."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from . import messages as msg
from .errors import CalcError
from .model import Region, Rules
from .months import Month, parse_date
from .record import Record, setfield

SCHEMES = ("employee", "flexible")
LANGS = ("en", "zh")
GROUPS = ("male-60", "female-55", "female-50")
MAX_BASE = Decimal("10000000")
MAX_GAP_MONTHS = 240
MAX_MONTHS_PAID = 720
# Dates the calculator answers for; checked before any date arithmetic (a retirement month past 9999 would
# overflow the date type).
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_FIELD_CHARS = 64  # no field value is longer; checked before any conversion
# ASCII digits, whole text: "\d" and str.isdigit() take "²", "١٢", "１２"; "$" takes a trailing newline.
_BASE = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
_COUNT = re.compile(r"[0-9]{1,4}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


class JsonNumber(str):
    """A JSON number kept as its text (json.loads hooks in browser.py): a field converts it by its own rule,
    after checking its length, so ``1e999999`` costs nothing."""

QUOTE_FIELDS = ("action", "region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang")
RETIREMENT_FIELDS = (
    "action", "region", "group", "birth_month", "months_paid", "local_months_paid", "as_of", "keeps_paying", "lang",
)


class QuoteRequest(Record):
    region: Region
    scheme: str
    base: Decimal | None  # None: pay at the floor
    gap_start: Month
    gap_end: Month
    paid_on: date
    lang: str

    __match_args__ = ("region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang")
    __slots__ = __match_args__

    def __init__(
        self,
        region: Region,
        scheme: str,
        base: Decimal | None,
        gap_start: Month,
        gap_end: Month,
        paid_on: date,
        lang: str,
    ):
        setfield(self, "region", region)
        setfield(self, "scheme", scheme)
        setfield(self, "base", base)
        setfield(self, "gap_start", gap_start)
        setfield(self, "gap_end", gap_end)
        setfield(self, "paid_on", paid_on)
        setfield(self, "lang", lang)


class RetirementRequest(Record):
    region: Region
    group: str
    birth_month: Month
    months_paid: int
    local_months_paid: int
    as_of: date
    keeps_paying: bool
    lang: str

    __match_args__ = (
        "region", "group", "birth_month", "months_paid", "local_months_paid", "as_of", "keeps_paying", "lang",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        region: Region,
        group: str,
        birth_month: Month,
        months_paid: int,
        local_months_paid: int,
        as_of: date,
        keeps_paying: bool,
        lang: str,
    ):
        setfield(self, "region", region)
        setfield(self, "group", group)
        setfield(self, "birth_month", birth_month)
        setfield(self, "months_paid", months_paid)
        setfield(self, "local_months_paid", local_months_paid)
        setfield(self, "as_of", as_of)
        setfield(self, "keeps_paying", keeps_paying)
        setfield(self, "lang", lang)


def _get(data: Mapping[str, Any], field: str, default: Any = None, required: bool = True) -> Any:
    if field not in data or data[field] is None or data[field] == "":
        if required:
            raise CalcError("missing_field", field, msg.missing(field))
        return default
    value = data[field]
    if isinstance(value, str):
        _plain_text(value, field)
    return value


def _plain_text(value: str, field: str) -> None:
    """Every text field: no control characters or line breaks, and digits only as ASCII 0-9."""
    if _CONTROL.search(value):
        raise CalcError("invalid_value", field, msg.control_character(field))
    foreign = next((ch for ch in value[:MAX_FIELD_CHARS] if ch.isnumeric() and not ch.isascii()), None)
    if foreign is not None:
        raise CalcError("invalid_value", field, msg.ascii_digits(field, foreign))


def _text(value: Any) -> str | None:
    """The text of a str or JSON number, None for anything else or anything too long to be a value."""
    if isinstance(value, str) and len(value) <= MAX_FIELD_CHARS:
        return value
    return None


def _in_years(day: date, field: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalcError("out_of_range", field, msg.year_out_of_range(field, FIRST_YEAR, LAST_YEAR))


def _choice(data, field, allowed, default=None):
    value = _get(data, field, default, required=default is None)
    if value not in allowed:
        raise CalcError("invalid_value", field, msg.must_be_one_of(field, allowed))
    return value


def _month(data, field) -> Month:
    value = _get(data, field)
    try:
        month = Month.parse(_text(value) if not isinstance(value, JsonNumber) else None)
    except ValueError:
        raise CalcError("invalid_value", field, msg.bad_month(field)) from None
    _in_years(month.first_day(), field)
    return month


def _date(data, field) -> date:
    value = _get(data, field)
    try:
        day = parse_date(_text(value) if not isinstance(value, JsonNumber) else None)
    except ValueError:
        raise CalcError("invalid_value", field, msg.bad_date(field)) from None
    _in_years(day, field)
    return day


def _count(data, field, high, default=None) -> int:
    """A whole number of months: an int, or ASCII digits (text or JSON number) at most 4 long."""
    value = _get(data, field, default, required=default is None)
    text = _text(value)
    if text is not None and _COUNT.fullmatch(text):
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise CalcError("invalid_value", field, msg.bad_count(field, high))
    return value


def _bool(data, field, default) -> bool:
    value = _get(data, field, default, required=False)
    if isinstance(value, bool):
        return value
    if isinstance(value, JsonNumber):  # the JSON number 1 is not the word "1"
        value = None
    if value in ("true", "yes", "1"):
        return True
    if value in ("false", "no", "0"):
        return False
    raise CalcError("invalid_value", field, msg.bad_bool(field))


def _base(data) -> Decimal | None:
    value = _get(data, "base")
    if value == "floor":
        return None
    if (type(value) is int and abs(value) < 10**12) or (isinstance(value, Decimal) and value.is_finite()):
        value = str(value)  # Python callers; the text rule below bounds it
    text = _text(value)
    if text is None or not _BASE.fullmatch(text.strip(" ")):
        raise CalcError("invalid_value", "base", msg.bad_base())
    amount = Decimal(text.strip(" "))
    if amount <= 0:
        raise CalcError("invalid_value", "base", msg.bad_base())
    if amount > MAX_BASE:
        raise CalcError("out_of_range", "base", msg.base_too_large(str(MAX_BASE)))
    return amount


def _region(rules: Rules, data) -> Region:
    slug = _get(data, "region")
    if not isinstance(slug, str) or slug not in rules.regions:
        raise CalcError("unknown_region", "region", msg.unknown_region(str(slug)[:40], list(rules.regions.values())))
    return rules.regions[slug]


def _no_unknown(data, allowed):
    for key in data:
        if key not in allowed:
            raise CalcError("unknown_field", str(key)[:40], msg.unknown_field(str(key)[:40]))


def parse_action(data: Any) -> str:
    if not isinstance(data, Mapping):
        raise CalcError("invalid_request", None, msg.not_an_object())
    return _choice(data, "action", ("quote", "retirement"))


def parse_quote(rules: Rules, data: Mapping[str, Any]) -> QuoteRequest:
    _no_unknown(data, QUOTE_FIELDS)
    lang = _choice(data, "lang", LANGS, default="en")
    region = _region(rules, data)
    scheme = _choice(data, "scheme", SCHEMES)
    base = _base(data)
    start, end = _month(data, "gap_start"), _month(data, "gap_end")
    paid_on = _date(data, "paid_on")
    if end < start:
        raise CalcError("invalid_value", "gap_end", msg.gap_reversed())
    if end.minus(start) + 1 > MAX_GAP_MONTHS:
        raise CalcError("out_of_range", "gap_start", msg.gap_too_long(MAX_GAP_MONTHS))
    if paid_on < start.first_day():
        raise CalcError("invalid_value", "paid_on", msg.paid_before_gap())
    if end > Month.of(paid_on):
        raise CalcError("invalid_value", "gap_end", msg.gap_after_payment())
    return QuoteRequest(region, scheme, base, start, end, paid_on, lang)


def parse_retirement(rules: Rules, data: Mapping[str, Any]) -> RetirementRequest:
    _no_unknown(data, RETIREMENT_FIELDS)
    lang = _choice(data, "lang", LANGS, default="en")
    region = _region(rules, data)
    group = _choice(data, "group", GROUPS)
    birth = _month(data, "birth_month")
    months_paid = _count(data, "months_paid", MAX_MONTHS_PAID)
    local = _count(data, "local_months_paid", MAX_MONTHS_PAID, default=months_paid)
    as_of = _date(data, "as_of")
    keeps = _bool(data, "keeps_paying", True)
    if local > months_paid:
        raise CalcError("invalid_value", "local_months_paid", msg.local_more_than_total())
    if birth.year < 1940:
        raise CalcError("out_of_range", "birth_month", msg.birth_too_early())
    if birth >= Month.of(as_of):
        raise CalcError("invalid_value", "birth_month", msg.birth_after_check())
    return RetirementRequest(region, group, birth, months_paid, local, as_of, keeps, lang)
