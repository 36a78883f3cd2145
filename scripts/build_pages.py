"""Policies -> validated rules -> canonical rules JSON (+ generated pages, see render step).

Usage:
  python scripts/build_pages.py                 # everything the site needs
  python scripts/build_pages.py --rules-only    # just build/rules.json (the command line's rules)
  python scripts/build_pages.py --check-policies  # validate and print the staleness table
A bad policy file exits with status 2 and a message naming file, line and field; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy_files import POLICIES, ROOT, load_policies
from yaml_loader import YamlError

from calculator.model import Rules
from calculator.schema import rules_to_dict

RULES_JSON = ROOT / "build" / "rules.json"


def canonical_json(rules: Rules) -> str:
    return json.dumps(rules_to_dict(rules), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Atomic and only on change, so mkdocs serve does not loop and a failed build leaves old files intact."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policies", type=Path, default=POLICIES)
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--check-policies", action="store_true")
    ap.add_argument("--as-of", type=date.fromisoformat, default=None)
    args = ap.parse_args(argv)
    try:
        rules = load_policies(args.policies)
    except YamlError as exc:
        sys.stderr.write(f"policy error: {exc}\n")
        return 2
    if args.check_policies:
        print(f"{len(rules.regions)} region(s) valid")
        return 0
    write_if_changed(RULES_JSON, canonical_json(rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
