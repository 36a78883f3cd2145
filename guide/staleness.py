"""Which regions need an editor: an old review, or no base in force for the build month."""

from __future__ import annotations

from datetime import date

from calculator.model import Rules, Text
from calculator.months import Month

from .lookups import in_force

STALE_AFTER_DAYS = 365


def staleness(rules: Rules, as_of: date) -> list[tuple[str, str, list[Text]]]:
    month_start = Month.of(as_of).first_day()
    rows = []
    for slug, region in rules.regions.items():
        reasons = []
        if (as_of - region.last_reviewed).days > STALE_AFTER_DAYS:
            reasons.append(Text("last reviewed more than 12 months ago", "上次核对已超过12个月"))
        floor = in_force(rules, region, "base_floor", month_start)
        if floor is None or floor.status != "current" or floor.value is None:
            reasons.append(Text(f"no base_floor in force for {Month.of(as_of)}", f"{Month.of(as_of)} 没有适用的缴费基数下限"))
        if reasons:
            rows.append((slug, region.last_reviewed.isoformat(), reasons))
    return rows


def staleness_table(rows) -> str:
    if not rows:
        return "Staleness: every region reviewed within 12 months and has a base floor in force. / 所有地区均在12个月内核对且有适用的基数下限。\n"
    out = ["Stale regions / 需要更新的地区:", f"{'region':<16} {'last_reviewed':<14} reason / 原因"]
    for slug, reviewed, reasons in rows:
        out.append(f"{slug:<16} {reviewed:<14} " + "; ".join(f"{r.en} / {r.zh}" for r in reasons))
    return "\n".join(out) + "\n"
