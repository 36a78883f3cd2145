"""Which regions need an editor: an old review, or no base in force for the build month."""

from __future__ import annotations

from datetime import date

from calculator.model import Region, Rules, Text
from calculator.months import Month
from calculator.timeline import position

from .lookups import positions

STALE_AFTER_DAYS = 365


def past_horizon(rules: Rules, region: Region, on: date) -> list[Text]:
    """The series of the region whose value in force is not known to hold on ``on`` (months priced with them are
    provisional), one reason per horizon date."""
    by_date: dict[date, list[str]] = {}
    for name, pos in positions(rules, region, on).items():
        if pos.past_horizon:
            by_date.setdefault(pos.known_until, []).append(name)
    return [Text(f"{len(names)} series known only until {until.isoformat()} ({_some(names, ', ')})",
                 f"{len(names)} 项数值仅确认至 {until.isoformat()}（{_some(names, '、')}）")
            for until, names in sorted(by_date.items())]


def _some(names: list[str], sep: str, most: int = 3) -> str:
    return sep.join(names[:most]) + (f"{sep}…" if len(names) > most else "")


def staleness(rules: Rules, as_of: date) -> list[tuple[str, str, list[Text]]]:
    """(region, last reviewed, reasons) for every region an editor should look at on ``as_of``."""
    month_start = Month.of(as_of).first_day()
    rows = []
    for slug, region in rules.regions.items():
        reasons = []
        if (as_of - region.last_reviewed).days > STALE_AFTER_DAYS:
            reasons.append(Text("last reviewed more than 12 months ago", "上次核对已超过12个月"))
        if position(rules, region, "base_floor", month_start).status != "in_force":
            reasons.append(Text(f"no base_floor in force for {Month.of(as_of)}", f"{Month.of(as_of)} 没有适用的缴费基数下限"))
        reasons += past_horizon(rules, region, as_of)
        if reasons:
            rows.append((slug, region.last_reviewed.isoformat(), reasons))
    return rows


def staleness_table(rows) -> str:
    if not rows:
        return "Staleness: every region reviewed within 12 months, with a base floor in force and every series within its horizon. / 所有地区均在12个月内核对，有适用的基数下限，且所有数值均在确认期限内。\n"
    out = ["Stale regions / 需要更新的地区:", f"{'region':<16} {'last_reviewed':<14} reason / 原因"]
    for slug, reviewed, reasons in rows:
        out.append(f"{slug:<16} {reviewed:<14} " + "; ".join(f"{r.en} / {r.zh}" for r in reasons))
    return "\n".join(out) + "\n"
