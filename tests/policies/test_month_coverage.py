"""Every region, both schemes, every gap month from 2023-01 to 2026-12, against the real policies: the month is
priced with values dated for it, flagged provisional where a value is used past what the data knows, or refused
with a message that names the missing figure. No month is priced silently with a value known only for an
earlier period (a 2026 month with a 2025 base, say)."""

import json
from datetime import date

from calculator import calculate_json
from calculator.parameters import PARAMETERS

MONTHS = [f"{y}-{m:02d}" for y in range(2023, 2027) for m in range(1, 13)]
PAID_ON = "2026-12-05"
LABELS = [spec.label for spec in PARAMETERS.values()]


def first_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def quote(rules, region: str, scheme: str, month: str) -> dict:
    request = {"action": "quote", "region": region, "scheme": scheme, "base": "8000", "gap_start": month,
               "gap_end": month, "paid_on": PAID_ON}
    return json.loads(calculate_json(json.dumps(request), rules))


def check_refusal(error: dict, where: str) -> None:
    assert error["field"], where
    en, zh = error["message"]["en"].lower(), error["message"]["zh"]
    assert any(label.en in en and label.zh in zh for label in LABELS), \
        f"{where}: the refusal does not name the missing figure in both languages: {error}"


def check_line(line: dict, month: str, where: str) -> None:
    start = first_day(month)
    for name, used in line["parameters"].items():
        assert date.fromisoformat(used["effective"]) <= start or line["provisional"], \
            f"{where}: {name} dated {used['effective']} priced without a provisional flag"
        past = used["known_until"] is not None and date.fromisoformat(used["known_until"]) < start
        assert not past or line["provisional"], \
            f"{where}: {name} known only until {used['known_until']} yet the month is not provisional"
    if line["provisional"]:
        reason = line["provisional_reason"]
        assert reason and reason["en"] and reason["zh"], f"{where}: provisional without a reason in both languages"
        assert month in reason["en"] and month in reason["zh"], f"{where}: reason does not name the month"


def test_every_month_from_2023_is_priced_flagged_or_refused_by_name(real_rules):
    seen = {"priced": 0, "provisional": 0, "refused": 0}
    for slug in real_rules.regions:
        for scheme in ("employee", "flexible"):
            for month in MONTHS:
                where = f"{slug} {scheme} {month}"
                out = quote(real_rules, slug, scheme, month)
                if "error" in out:
                    check_refusal(out["error"], where)
                    seen["refused"] += 1
                    continue
                (line,) = [ln for ln in out["lines"] if ln["month"] == month]
                check_line(line, month, where)
                seen["provisional" if line["provisional"] else "priced"] += 1
                if line["provisional"] and line["repayable"]:
                    assert out["totals"]["estimate"] is True, f"{where}: a provisional month in an exact total"
    # The walk covered all three outcomes; the 2026 horizon alone guarantees provisional months.
    assert all(seen.values()), seen
