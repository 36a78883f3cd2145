"""The JSON Schemas of the partner API files (regions.json, rules/<slug>.json), built from the loader's own
patterns and from the parameter descriptions, so the published schema and the loader accept the same
documents (tests/api/test_schema_agrees_with_loader.py)."""

from __future__ import annotations

import re
from typing import Any

from calculator import schema
from calculator.model import GRADES
from calculator.money import ROUNDING_MODES
from calculator.parameters import PARAMETERS, Kind
from calculator.schema import SCHEMA_VERSION

# The format of the API files: its version changes only when a field is removed or changes meaning.
API_VERSION = 1
API_DIR = "api"  # under docs/: served at /api/
# The figures regions.json carries, in this order (a region has either a flexible rate or a fixed amount or both).
KEY_FIGURES = ("base_floor", "base_ceiling", "employer_rate", "individual_rate", "flexible_rate",
               "flexible_fixed_amount")
STATUSES = ("in_force", "not_in_force", "not_published", "absent")
SCHEMA_BASE = "/api/schema/"


def _bilingual() -> dict:
    return {"type": "object", "additionalProperties": False, "required": ["en", "zh"],
            "properties": {"en": PROSE, "zh": PROSE}}


# The loader's own patterns (calculator.schema), so the published schema cannot drift from what it accepts.
DATE = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}


def _pattern(rx) -> str:
    return f"(?i:{rx.pattern})" if rx.flags & re.IGNORECASE else rx.pattern


# YAML lets editors write a phone number or a region code unquoted (an integer); the loader takes both forms.
# Reader text as the loader takes it: something besides white space, within the length limit, and nothing that
# would turn into markup; one-line fields (ids, numbers, addresses) also without tabs or line breaks.
_NO_MARKUP = {"not": {"anyOf": [{"pattern": _pattern(rx)} for rx in schema.MARKUP]}}
PROSE = {"type": "string", "pattern": r"\S", "maxLength": schema.MAX_TEXT_CHARS, **_NO_MARKUP}
TEXT = {"type": "string", "pattern": r"^[^\t\n]*\S[^\t\n]*$", "maxLength": schema.MAX_TEXT_CHARS, **_NO_MARKUP}
MONEY_TEXT = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}
RATE_TEXT = {"type": "string", "pattern": r"^(0(\.\d+)?|1(\.0+)?)$"}


def _whole(rx) -> dict:
    """The loader matches its patterns whole (fullmatch); a JSON Schema pattern needs its own anchors."""
    return {"type": "string", "pattern": rf"^(?:{rx.pattern})$"}


DECIMAL = _whole(schema.DECIMAL_TEXT)
SLUG = _whole(schema.SLUG)
SOURCE_ID = _whole(schema.SOURCE_ID)
URL = _whole(schema.URL)
PHONE = _whole(schema.PHONE)


def regions_schema() -> dict[str, Any]:
    figure_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["status"],
        "properties": {
            "status": {"enum": list(STATUSES)},
            "value": {"oneOf": [DECIMAL, {"type": "integer"}, {"type": "null"}],
                      "description": "Money in yuan a month or a rate as a ratio (0.02 = 2 %), exact decimal text"},
            "effective": DATE,
            "source": SOURCE_ID,
            "grade": {"enum": list(GRADES)},
            "national": {"type": "boolean", "description": "true when the region inherits the national rule"},
        },
        "allOf": [
            {"if": {"properties": {"status": {"const": "in_force"}}},
             "then": {"required": ["value", "effective", "source", "grade", "national"],
                      "properties": {"value": {"not": {"type": "null"}}}}},
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "regions.schema.json",
        "title": "Employee medical insurance gap guide: regions index",
        "description": "Every region the guide covers, its page URLs and the key figures in force on as_of.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "as_of", "rules_schema_version", "regions"],
        "properties": {
            "$schema": {"type": "string"},
            "version": {"const": API_VERSION},
            "as_of": DATE,
            "rules_schema_version": {"const": SCHEMA_VERSION},
            "regions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["slug", "code", "name", "province", "urls", "rules_url", "card_urls",
                                 "last_reviewed", "figures"],
                    "properties": {
                        "slug": SLUG,
                        "code": {"type": "string", "pattern": r"^\d{6}$", "description": "GB/T 2260 code"},
                        "name": _bilingual(),
                        "province": _bilingual(),
                        "urls": _bilingual(),
                        "rules_url": {"type": "string", "pattern": r"^/api/rules/[a-z0-9-]+\.json$"},
                        "card_urls": _bilingual(),
                        "last_reviewed": DATE,
                        "figures": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": list(KEY_FIGURES),
                            "properties": {name: figure_schema for name in KEY_FIGURES},
                        },
                    },
                },
            },
        },
    }


def _value_schema(name: str) -> dict[str, Any]:
    """From the parameter's one description (calculator/parameters.py): bounds, unit and meaning."""
    spec = PARAMETERS[name]
    about = {"title": spec.label.en, "description": f"{spec.meaning.en} ({spec.unit.en})"}
    if spec.kind is Kind.COUNT:
        return {**about, "type": ["integer", "null"], "minimum": spec.low, "maximum": spec.high}
    if spec.kind is Kind.RATE:
        return {**about, "oneOf": [RATE_TEXT, {"type": "integer", "minimum": 0, "maximum": 1}, {"type": "null"}]}
    return {**about, "oneOf": [MONEY_TEXT, {"type": "integer", "minimum": 0}, {"type": "null"}]}


def _parameters_schema() -> dict[str, Any]:
    def one(name: str) -> dict[str, Any]:
        derived = {"type": "object", "additionalProperties": False, "required": ["formula", "inputs"],
                   "properties": {"formula": _bilingual(), "inputs": {"type": "array", "minItems": 1, "items": SOURCE_ID}}}
        entry = {"type": "object", "additionalProperties": False, "required": ["value", "source"],
                 "properties": {"value": _value_schema(name), "source": SOURCE_ID, "explain": _bilingual(),
                                "derived": derived}}
        return {
            "type": "object", "additionalProperties": False,
            "properties": {
                "values": {"type": "object", "minProperties": 1, "additionalProperties": False,
                           "patternProperties": {DATE["pattern"]: entry}},
                "not_published": _bilingual(),
                "known_until": {**DATE, "description": "the day up to which the series is known to hold"},
            },
            "oneOf": [{"required": ["values"], "not": {"required": ["not_published"]}},
                      {"required": ["not_published"], "not": {"anyOf": [{"required": ["values"]},
                                                                         {"required": ["known_until"]}]}}],
        }

    return {"type": "object", "additionalProperties": False, "properties": {name: one(name) for name in PARAMETERS}}


def rules_schema() -> dict[str, Any]:
    item = {"type": "object", "additionalProperties": False, "required": ["en", "zh", "sources"],
            "properties": {"en": PROSE, "zh": PROSE,
                           "sources": {"type": "array", "minItems": 1, "items": SOURCE_ID}}}
    items = {"type": "array", "items": item, "minItems": 1}  # notes alone may be empty
    source = {"type": "object", "additionalProperties": False, "required": ["title", "issuer", "url", "grade"],
              "properties": {"title": _bilingual(), "issuer": _bilingual(), "url": URL, "grade": {"enum": list(GRADES)},
                             "doc_no": TEXT, "published": DATE}}
    sources = {"type": "object", "additionalProperties": False, "patternProperties": {SOURCE_ID["pattern"]: source}}
    rounding = {"type": "object", "additionalProperties": False, "required": ["quantum", "mode"],
                "properties": {"quantum": DECIMAL, "mode": {"enum": sorted(ROUNDING_MODES)}}}
    text = {
        "type": "object", "additionalProperties": False,
        "required": ["summary", "can_i_pay_back", "how_to_pay_back", "if_you_do_not_pay", "hardship",
                     "after_leaving_a_job", "retirement", "notes"],
        "properties": {
            "summary": item, "can_i_pay_back": item, "if_you_do_not_pay": item, "hardship": item,
            "after_leaving_a_job": item, "retirement": item, "notes": {"type": "array", "items": item},
            "how_to_pay_back": {
                "type": "object", "additionalProperties": False,
                "required": ["steps", "channels", "materials", "time_limits", "fees"],
                "properties": {"steps": items, "channels": items, "materials": items, "time_limits": item, "fees": item},
            },
        },
    }
    contact = {"type": "object", "additionalProperties": False, "required": ["name", "role", "source"],
               "properties": {"name": _bilingual(), "role": {"enum": list(schema.ROLES)},
                              "phone": {"anyOf": [PHONE, {"type": "integer", "minimum": 100}]}, "url": URL, "source": SOURCE_ID}}
    region = {
        "type": "object", "additionalProperties": False,
        "required": ["schema_version", "region", "last_reviewed", "sources", "parameters", "text", "contacts",
                     "legal_basis"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "region": {"type": "object", "additionalProperties": False, "required": ["code", "slug", "name", "province"],
                       "properties": {"code": {"anyOf": [{"type": "string", "pattern": "^[0-9]{6}$"},
                                                         {"type": "integer", "minimum": 100000, "maximum": 999999}]},
                                      "slug": SLUG,
                                      "name": _bilingual(), "province": _bilingual()}},
            "last_reviewed": DATE,
            "rounding": rounding,
            "inherits": {"type": "array", "uniqueItems": True, "items": {"enum": list(PARAMETERS)},
                         "description": "parameters taken from the national rules, by the region file's explicit choice"},
            "sources": sources,
            "parameters": _parameters_schema(),
            "text": text,
            "contacts": {"type": "array", "minItems": 1, "items": contact},
            "legal_basis": {"type": "array", "minItems": 1, "items": SOURCE_ID},
        },
    }
    national = {
        "type": "object", "additionalProperties": False,
        "required": ["schema_version", "last_reviewed", "rounding", "sources", "parameters"],
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, "last_reviewed": DATE, "rounding": rounding,
                       "sources": sources, "parameters": _parameters_schema()},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "rules.schema.json",
        "title": "Employee medical insurance gap guide: canonical rules of one region",
        "description": ("The national rules plus one region, in the canonical form the calculator reads "
                        "(calculator.schema.load_rules). Amounts and rates are exact decimal strings, dates ISO."),
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "slug", "rules"],
        "properties": {
            "$schema": {"type": "string"},
            "version": {"const": API_VERSION},
            "slug": SLUG,
            "rules": {
                "type": "object", "additionalProperties": False,
                "required": ["schema_version", "national", "regions"],
                "properties": {
                    "schema_version": {"const": SCHEMA_VERSION},
                    "national": national,
                    "regions": {"type": "object", "minProperties": 1, "maxProperties": 1,
                                "additionalProperties": False, "patternProperties": {SLUG["pattern"]: region}},
                },
            },
        },
    }


