"""Core of the employee medical-insurance pay-back guide: validated dated rules in, quotes and checks out.

Pure: standard library only, no I/O, no clock (dates are passed in), Decimal money.
"""

from .browser import calculate, calculate_json, load_rules_json
from .errors import CalcError
from .quote import Quote, quote
from .request import parse_quote, parse_retirement
from .retirement import Check, retirement_check
from .schema import PolicyError, load_rules, rules_to_dict

__version__ = "0.1.0"
__all__ = [
    "CalcError",
    "Check",
    "PolicyError",
    "Quote",
    "calculate",
    "calculate_json",
    "load_rules",
    "load_rules_json",
    "parse_quote",
    "parse_retirement",
    "quote",
    "retirement_check",
    "rules_to_dict",
]
