"""Policies -> validated rules -> worked examples (the core) -> Markdown pages (jinja2) + canonical rules JSON.

Usage:
  python scripts/build_pages.py                   # generated pages under docs/ and build/rules.json
  python scripts/build_pages.py --as-of 2026-11-30  # the date the examples and "numbers computed for" use
  python scripts/build_pages.py --check           # exit 1 if a generated page is stale; writes nothing
  python scripts/build_pages.py --fail-stale      # exit 3 if a region is stale (old review, no base in force)
  python scripts/build_pages.py --rules-only      # just build/rules.json (the command line's rules)
  python scripts/build_pages.py --check-policies  # validate and print the staleness table
A bad policy file exits with status 2 and a message naming file, line and field; nothing is written.

Data flows one way here: every number on a page comes either from the validated rules (a value, its date
and its source) or from a result dict of ``calculator.calculate``. The templates only choose wording and
layout; the helpers below only look values up and format them (never arithmetic on amounts).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

from . import api, cards, widget_strings
from .card_text import card_specs
from .not_covered import load_cities
from .output import canonical_json, stale_files, start_cards, write_if_changed, write_pages
from .paths import DOCS, ENV_AS_OF, ENV_POLICIES, POLICIES, RULES_JSON
from .policy_files import load_policies
from .render import render_all
from .staleness import staleness, staleness_table
from .yaml_loader import YamlError


def today_china() -> date:
    """Today in China (UTC+8, fixed offset: no tzdata needed). Only the build reads the clock, never the core."""
    from datetime import datetime, timezone

    return datetime.now(timezone(timedelta(hours=8))).date()


def main(argv: list[str] | None = None, state: dict | None = None) -> int:
    """``state`` (the mkdocs hook's): gets the rules and the as-of date, and "cards", the future of the card
    rendering left running in the background (see start_cards); without it cards are written before returning."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policies", type=Path, default=Path(os.environ.get(ENV_POLICIES) or POLICIES))
    ap.add_argument("--docs", type=Path, default=DOCS, help="mkdocs docs_dir to write generated pages into")
    ap.add_argument("--rules-json", type=Path, default=RULES_JSON)
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--check-policies", action="store_true")
    ap.add_argument("--check", action="store_true", help="exit 1 if generated pages are stale; write nothing")
    ap.add_argument("--fail-stale", action="store_true", help="exit 3 when the staleness table is not empty")
    ap.add_argument("--as-of", type=date.fromisoformat,
                    default=date.fromisoformat(os.environ[ENV_AS_OF]) if os.environ.get(ENV_AS_OF) else None)
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)
    as_of = args.as_of or today_china()
    try:
        rules = load_policies(args.policies, today=today_china())  # a review cannot lie in the future
    except YamlError as exc:
        sys.stderr.write(f"policy error: {exc}\n")
        return 2
    if state is not None:
        state.update(rules=rules, as_of=as_of)
    stale = staleness(rules, as_of)
    if args.check_policies:
        print(f"{len(rules.regions)} region(s) valid (as of {as_of})")
        print(staleness_table(stale), end="")
        return 3 if args.fail_stale and stale else 0
    rules_text = canonical_json(rules)
    if args.rules_only:
        write_if_changed(args.rules_json, rules_text)
        return 0
    try:
        cities = load_cities(args.policies, rules)
    except YamlError as exc:
        sys.stderr.write(f"policy error: {exc}\n")
        return 2
    pages = render_all(rules, as_of, cities)
    widget = widget_strings.strings_module()  # everything validated and rendered before anything is written
    api_files = api.render(rules, as_of)
    specs = card_specs(rules, as_of)
    if args.check:
        bad = stale_files(args.docs, pages)
        bad += [f"{api.API_DIR}/{rel}" for rel in api.stale(args.docs / api.API_DIR, api_files)]
        if not args.rules_json.exists() or args.rules_json.read_text(encoding="utf-8") != rules_text:
            bad.append(str(args.rules_json))
        module = args.docs / widget_strings.MODULE
        if not module.exists() or module.read_text(encoding="utf-8") != widget:
            bad.append(str(widget_strings.MODULE))
        for rel in bad:
            print(f"stale: {rel}")
        return 1 if bad else 0
    try:
        cards.check_font()
        cards._pillow()
    except cards.CardError as exc:
        sys.stderr.write(f"cards: {exc}\n")
        return 4
    changed = write_pages(args.docs, pages)
    if write_if_changed(args.docs / widget_strings.MODULE, widget):
        changed.append(str(widget_strings.MODULE))
    changed += api.write(args.docs / api.API_DIR, api_files, write_if_changed)
    if state is not None:
        state["cards"] = start_cards(args.docs / cards.CARDS_DIR, specs)
    else:
        changed += cards.write_cards(args.docs / cards.CARDS_DIR, specs)
    write_if_changed(args.rules_json, rules_text)
    if not args.quiet or stale:
        print(f"pages: {len(pages)} generated for {as_of}, {len(changed)} changed")
        print(staleness_table(stale), end="")
    return 3 if args.fail_stale and stale else 0
