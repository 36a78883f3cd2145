"""The single JSON entry point, used by the browser worker and the command line. Never raises."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from . import messages as msg
from . import report
from .errors import CalcError
from .model import Rules, Text
from .quote import quote
from .request import JsonNumber, parse_action, parse_quote, parse_retirement
from .retirement import retirement_check
from .schema import PolicyError, load_rules

MAX_REQUEST_CHARS = 10_000
MAX_DEPTH = 20  # a request is one flat object; deeper is never a real request
MAX_RULES_DEPTH = 32  # the canonical rules nest 8 deep
# A JSON string (unrolled: the same matches as "(?:[^"\\]|\\.)*", three times faster), and what is not a bracket.
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


def load_rules_json(text: str) -> Rules:
    """Read the canonical rules JSON written by the build (decimals are strings there). A rules file given on
    the command line may be anything: its nesting is bounded before parsing (ValueError, never RecursionError)."""
    if _nesting_depth(text) > MAX_RULES_DEPTH:
        raise ValueError(f"nested more than {MAX_RULES_DEPTH} levels deep")
    return load_rules(json.loads(text, parse_constant=_reject_constant))


def load_checked_rules_json(data: bytes | memoryview) -> Rules:
    """The rules file the build wrote, as the browser's worker reads it once its sha256 matched the manifest's:
    national rules checked now, each region when first asked about (load_rules' regions_on_demand; the build
    checked them all). Being the build's file, it nests 8 deep: no bound is needed before parsing (in Pyodide the
    bound costs about as much as the parse). It comes as the file's bytes (the worker's Uint8Array arrives as a
    memoryview, a plain copy; as text it would be converted from JavaScript's UTF-16 first, 10-40 ms in a worker)."""
    return load_rules(json.loads(bytes(data), parse_constant=_reject_constant), regions_on_demand=True)


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
        if _nesting_depth(request) > MAX_DEPTH:
            raise CalcError("invalid_request", None, msg.too_deep(MAX_DEPTH))
        try:  # numbers stay text until their field's rule reads them (request.JsonNumber)
            data = json.loads(request, parse_float=JsonNumber, parse_int=JsonNumber, parse_constant=_reject_constant)
        except ValueError as exc:
            raise CalcError("invalid_json", None, msg.bad_json(str(exc)[:80])) from None
        result = calculate(rules, data)
    except CalcError as exc:
        result = exc.to_dict()
    except (PolicyError, ArithmeticError, ValueError, TypeError, KeyError, RecursionError) as exc:
        # A bug, not bad input: still answer in JSON so the page can show it instead of hanging.
        result = CalcError("internal", None, Text(f"Internal error: {type(exc).__name__}",
                                                  f"内部错误：{type(exc).__name__}")).to_dict()
    return json.dumps(result, ensure_ascii=False, sort_keys=True)


def _nesting_depth(text: str) -> int:
    """How deep the JSON's lists and objects nest, counted without parsing (strings skipped). Checked before
    json.loads: its recursion overflows Pyodide's stack (~2,360 levels) before the host's, so the two would
    answer differently."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    # The deepest running count of opened minus closed brackets, counted in C (the rules have ~7,000).
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets)), default=0))
