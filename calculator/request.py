"""Validate a request object (from JSON or the command line) into typed requests. Nothing is clamped silently."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from . import messages as msg
from .errors import CalcError
from .model import Region, Rules
from .months import Month, parse_date

SCHEMES = ("employee", "flexible")
LANGS = ("en", "zh")
GROUPS = ("male-60", "female-55", "female-50")
MAX_BASE = Decimal("10000000")
MAX_GAP_MONTHS = 240
MAX_MONTHS_PAID = 720
_BASE = re.compile(r"^\d{1,12}(\.\d{1,2})?$")

QUOTE_FIELDS = ("action", "region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang")
RETIREMENT_FIELDS = (
    "action", "region", "group", "birth_month", "months_paid", "local_months_paid", "as_of", "keeps_paying", "lang",
)


@dataclass(frozen=True)
class QuoteRequest:
    region: Region
    scheme: str
    base: Decimal | None  # None: pay at the floor
    gap_start: Month
    gap_end: Month
    paid_on: date
    lang: str


@dataclass(frozen=True)
class RetirementRequest:
    region: Region
    group: str
    birth_month: Month
    months_paid: int
    local_months_paid: int
    as_of: date
    keeps_paying: bool
    lang: str


def _get(data: Mapping[str, Any], field: str, default: Any = None, required: bool = True) -> Any:
    if field not in data or data[field] is None or data[field] == "":
        if required:
            raise CalcError("missing_field", field, msg.missing(field))
        return default
    return data[field]


def _choice(data, field, allowed, default=None):
    value = _get(data, field, default, required=default is None)
    if value not in allowed:
        raise CalcError("invalid_value", field, msg.must_be_one_of(field, allowed))
    return value


def _month(data, field) -> Month:
    try:
        return Month.parse(_get(data, field))
    except ValueError:
        raise CalcError("invalid_value", field, msg.bad_month(field)) from None


def _date(data, field) -> date:
    try:
        return parse_date(_get(data, field))
    except ValueError:
        raise CalcError("invalid_value", field, msg.bad_date(field)) from None


def _count(data, field, high, default=None) -> int:
    value = _get(data, field, default, required=default is None)
    if isinstance(value, str) and value.isdigit() and len(value) <= 6:
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value() and value.is_finite():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise CalcError("invalid_value", field, msg.bad_count(field, high))
    return value


def _bool(data, field, default) -> bool:
    value = _get(data, field, default, required=False)
    if isinstance(value, bool):
        return value
    if value in ("true", "yes", "1"):
        return True
    if value in ("false", "no", "0"):
        return False
    raise CalcError("invalid_value", field, msg.bad_bool(field))


def _base(data) -> Decimal | None:
    value = _get(data, "base")
    if value == "floor":
        return None
    if isinstance(value, bool):
        raise CalcError("invalid_value", "base", msg.bad_base())
    if isinstance(value, int | Decimal):
        value = str(value)
    if not isinstance(value, str) or not _BASE.match(value.strip()):
        raise CalcError("invalid_value", "base", msg.bad_base())
    amount = Decimal(value.strip())
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
