"""How well sourced the data is on a day: per region, the values in force by grade and by basis, and the share
graded official, official-copy or official-cited (the figure the data issues report).

    .venv/bin/python -m devtools.grades_report [--on 2026-12-05] [--policies policies]
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date
from pathlib import Path

from calculator.model import GRADES, OFFICIAL_GRADES
from guide.lookups import positions
from guide.policy_files import POLICIES, load_policies


def region_counts(rules, region, on: date) -> tuple[Counter, Counter]:
    grades, bases = Counter(), Counter()
    for pos in positions(rules, region, on).values():
        if pos.status == "in_force":
            grades[pos.grade] += 1
            bases[pos.basis] += 1
        elif pos.status in ("not_published", "before_first"):
            grades["not_published"] += 1
    return grades, bases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--on", type=date.fromisoformat, default=date.today())
    ap.add_argument("--policies", type=Path, default=POLICIES)
    args = ap.parse_args(argv)
    rules = load_policies(args.policies)
    columns = (*GRADES, "not_published")
    print(f"{'region':<14}" + "".join(f"{g[:12]:>14}" for g in columns) + f"{'local':>7}{'default':>8}{'derived':>8}"
          f"{'official share':>16}")
    total_official = total = 0
    for slug, region in rules.regions.items():
        grades, bases = region_counts(rules, region, args.on)
        official = sum(grades[g] for g in OFFICIAL_GRADES)
        in_force = sum(grades[g] for g in GRADES)
        total_official, total = total_official + official, total + in_force
        share = f"{official}/{in_force} = {100 * official / in_force:.0f}%" if in_force else "-"
        print(f"{slug:<14}" + "".join(f"{grades[g]:>14}" for g in columns)
              + f"{bases['local']:>7}{bases['national_default']:>8}{bases['derived']:>8}{share:>16}")
    print(f"all regions: {total_official}/{total} values in force on {args.on} graded official, official-copy or "
          f"official-cited ({100 * total_official / total:.0f}%)")
    print(f"official_share={total_official / total:.3f} regions={len(rules.regions)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
