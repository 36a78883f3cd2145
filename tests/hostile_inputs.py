"""Hostile values for the request fields, shared by the command-line fuzz and the core request fuzz.

Each generator is seeded, so a failure names a reproducible case.
"""

from __future__ import annotations

import json
import random

from browser_fixtures import XSS_PAYLOADS

# Digits that str.isdigit() or regex \d accept but that are not ASCII 0-9.
FOREIGN_DIGITS = ["²", "１２", "١٢", "१२", "𝟏𝟐", "۱۲", "௧௨", "¹⁰", "①", "Ⅻ", "12²", "2025-０１", "２０２５-01-01"]
CONTROL = ["12\n", "12\x00", "\t12", "12\r", "2025-01\n", "2025-01-01\n", "floor\n", "12\u2028", "1\u200b2",
           "\u202e12", "guangzhou\n", "quote\x07"]
HUGE = ["1e999999", "-1e999999", "9" * 5000, "1" * 16, "1e400", "NaN", "Infinity", "-Infinity", "1E+99", "0x10",
        "1_000", "-0", "+5", " 5", "5 ", "0.1e1", "1.", ".5", "1.234", "99999999999999999999.99"]
DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2025-02-29", "2024-02-29", "2025-13-01", "2025-00-10",
         "99999-01-01", "2025-1-1", "2025/01/01", "2025-01-01T00:00", "", " "]
MONTHS = ["9999-12", "9999-10", "0001-01", "1939-12", "1940-01", "2025-13", "2025-00", "99999-01", "2025-1",
          "2025/01", "2025-01-01"]
WORDS = [*XSS_PAYLOADS, "", " ", "x" * 5000, "\ud800", "\udcff", "广州", "floor", "true", "false", "yes", "null",
                        "--json", "-1", "employee", "flexible", "male-60", "female-50", "guangzhou", "beijing"]
ANY_TEXT = FOREIGN_DIGITS + CONTROL + HUGE + DATES + MONTHS + WORDS

QUOTE_FLAGS = {"region": "guangzhou", "scheme": "employee", "base": "8000", "gap-start": "2025-01",
               "gap-end": "2025-03", "paid-on": "2025-06-30"}
RETIREMENT_FLAGS = {"region": "guangzhou", "group": "male-60", "birth-month": "1968-05", "months-paid": "200",
                    "as-of": "2026-11-27"}
RETIREMENT_EXTRA = {"local-months-paid": "100", "keeps-paying": "true"}


SWEEP = FOREIGN_DIGITS + CONTROL[:6] + HUGE[:9] + ["9999-12-31", "9999-12", "0001-01"]


def _argv(action: str, flags: dict[str, str]) -> list[str]:
    return [action, *(part for key, value in flags.items() for part in (f"--{key}", value))]


def cli_argvs(n: int, seed: int = 18) -> list[list[str]]:
    """Command lines: every flag with each value of SWEEP, then ``n`` random ones with one flag (or two) of a
    valid invocation replaced by a hostile value or dropped, and a few malformed command lines."""
    rng = random.Random(seed)
    out: list[list[str]] = []
    for action, flags in (("quote", QUOTE_FLAGS), ("retirement", {**RETIREMENT_FLAGS, **RETIREMENT_EXTRA})):
        for key in flags:
            out += [_argv(action, {**flags, key: value}) for value in SWEEP]
    for _ in range(n):
        action, flags = rng.choice([("quote", QUOTE_FLAGS), ("retirement", {**RETIREMENT_FLAGS, **RETIREMENT_EXTRA})])
        flags = dict(flags)
        for _ in range(rng.choice([1, 1, 2])):
            key = rng.choice(list(flags))
            kind = rng.randrange(10)
            if kind == 0:
                del flags[key]
            else:
                flags[key] = rng.choice(ANY_TEXT)
        argv = [action]
        for key, value in flags.items():
            argv += [f"--{key}", value] if rng.random() < 0.8 else [f"--{key}={value}"]
        if rng.random() < 0.3:
            argv.append("--json")
        if rng.random() < 0.3:
            argv += ["--lang", rng.choice(["en", "zh", "fr", "", "zh\n"])]
        if rng.random() < 0.05:
            argv.insert(rng.randrange(len(argv) + 1), rng.choice(["--unknown", "-x", "--", "extra", "--json=1"]))
        out.append(argv)
    out += [[], ["quote"], ["retirement"], ["nope"], ["--help"], ["quote", "--help"], ["quote", "--base"]]
    return out


def _field_value(rng: random.Random, field: str):
    plausible = {
        "action": ["quote", "retirement"], "region": ["guangzhou", "beijing", "shanghai", "atlantis"],
        "scheme": ["employee", "flexible"], "base": ["floor", "8000", "12345.67", 8000, 99999],
        "gap_start": ["2024-11", "2025-01", "2011-01"], "gap_end": ["2025-02", "2025-06", "2026-10"],
        "paid_on": ["2025-06-30", "2026-11-27", "2030-01-01"], "lang": ["en", "zh"],
        "group": ["male-60", "female-55", "female-50"], "birth_month": ["1968-05", "1980-01", "1966-12"],
        "months_paid": [0, 200, 720, "300"], "local_months_paid": [0, 100, "50"],
        "as_of": ["2026-11-27", "2025-01-01"], "keeps_paying": [True, False, "yes", "0"],
    }[field]
    r = rng.random()
    if r < 0.6:
        return rng.choice(plausible)
    if r < 0.9:
        return rng.choice(ANY_TEXT)
    return rng.choice([None, True, False, 0, -1, 10**18, 1.5, [], {}, [1], {"a": 1}, 1e308])


REQUEST_FIELDS = ["action", "region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang", "group",
                  "birth_month", "months_paid", "local_months_paid", "as_of", "keeps_paying"]
RAW_NUMBERS = ["1e999999", "-1e999999", "1e-999999", "9" * 5000, "1" * 100, "NaN", "Infinity", "-0", "1.0e+400",
               "0." + "0" * 3000 + "1"]


def core_requests(n: int, seed: int = 19) -> list[str]:
    """JSON request texts: plausible requests with hostile fields, raw number literals and deep nesting."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        action = rng.choice(["quote", "retirement"])
        fields = (["region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang"] if action == "quote" else
                  ["region", "group", "birth_month", "months_paid", "local_months_paid", "as_of", "keeps_paying",
                   "lang"])
        data = {"action": action}
        for f in fields:
            if rng.random() < 0.95:
                data[f] = _field_value(rng, f)
        if rng.random() < 0.05:
            data[rng.choice([*REQUEST_FIELDS, "extra", "__proto__"])] = _field_value(rng, rng.choice(REQUEST_FIELDS))
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
        r = rng.random()
        if r < 0.1:  # a raw number literal json.dumps could not write
            key = rng.choice(["months_paid", "local_months_paid", "base", "gap_start"])
            text = text[:-1] + f', "{key}": {rng.choice(RAW_NUMBERS)}}}' if key not in data else text.replace(
                f'"{key}": {json.dumps(data[key], default=str)}', f'"{key}": {rng.choice(RAW_NUMBERS)}', 1)
        elif r < 0.12:
            depth = rng.choice([50, 200, 1000, 2400, 3000, 5000])
            text = rng.choice(["[" * depth + "]" * depth, '{"a": ' * depth + "1" + "}" * depth,
                               text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"])
        out.append(text)
    return out
