"""The single JSON entry point, used by the browser worker and the command line. Never raises."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from . import messages as msg
from . import report
from .errors import CalcError
from .model import Rules, Text
from .quote import quote
from .request import parse_action, parse_quote, parse_retirement
from .retirement import retirement_check
from .schema import PolicyError, load_rules

MAX_REQUEST_CHARS = 10_000


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


def load_rules_json(text: str) -> Rules:
    """Read the canonical rules JSON written by the build (decimals are strings there)."""
    return load_rules(json.loads(text))


def calculate(rules: Rules, data: Any) -> dict[str, Any]:
    """Request object -> result dict; raises CalcError for bad input."""
    action = parse_action(data)
    if action == "quote":
        return report.quote(rules, quote(rules, parse_quote(rules, data)))
    return report.check(rules, retirement_check(rules, parse_retirement(rules, data)))


def calculate_json(request: str, rules: Rules) -> str:
    """JSON request in, JSON result or ``{"error": {code, field, message: {en, zh}}}`` out."""
    try:
        if not isinstance(request, str) or len(request) > MAX_REQUEST_CHARS:
            raise CalcError("invalid_json", None, msg.bad_json("too long or not text"))
        try:
            data = json.loads(request, parse_float=Decimal, parse_int=_int, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise CalcError("invalid_json", None, msg.bad_json(str(exc)[:80])) from None
        result = calculate(rules, data)
    except CalcError as exc:
        result = exc.to_dict()
    except (PolicyError, ArithmeticError, ValueError, TypeError, KeyError, RecursionError) as exc:
        # A bug, not bad input: still answer in JSON so the page can show it instead of hanging.
        result = CalcError("internal", None, Text(f"Internal error: {type(exc).__name__}",
                                                  f"内部错误：{type(exc).__name__}")).to_dict()
    return json.dumps(result, ensure_ascii=False, sort_keys=True)


def _int(text: str):
    if len(text) > 15:  # huge integers are never meaningful here; keep them out of int() conversion cost
        raise ValueError("number too large")
    return int(text)
