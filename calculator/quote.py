"""The pay-back quote: one line per gap month, priced with that month's own parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import messages as msg
from .model import WEAK_GRADES, Region, Rules, Text, weakest_certainty
from .money import Rounding, mul, total
from .months import Month, month_range
from .record import Record, setfield
from .request import QuoteRequest
from .timeline import InForce, lookup, value_in_force

ZERO = Decimal(0)


class Line(Record):
    month: Month
    base: Decimal | None  # None where a fixed amount replaces base x rate
    base_clamped: str | None  # "floor" | "ceiling" | None
    employer: Decimal
    individual: Decimal
    addons: Decimal
    total: Decimal
    due_date: date
    days_late: int
    late_fee: Decimal
    late_fee_payer: str | None
    repayable: bool
    restored: bool
    used: tuple[InForce, ...]  # every parameter value this line rests on
    provisional: bool  # priced with values not known to hold for this month (past horizon, or future)
    provisional_reason: Text | None

    __match_args__ = (
        "month", "base", "base_clamped", "employer", "individual", "addons", "total", "due_date", "days_late",
        "late_fee", "late_fee_payer", "repayable", "restored", "used", "provisional", "provisional_reason",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        month: Month,
        base: Decimal | None,
        base_clamped: str | None,
        employer: Decimal,
        individual: Decimal,
        addons: Decimal,
        total: Decimal,
        due_date: date,
        days_late: int,
        late_fee: Decimal,
        late_fee_payer: str | None,
        repayable: bool,
        restored: bool,
        used: tuple[InForce, ...],
        provisional: bool = False,
        provisional_reason: Text | None = None,
    ):
        setfield(self, "month", month)
        setfield(self, "base", base)
        setfield(self, "base_clamped", base_clamped)
        setfield(self, "employer", employer)
        setfield(self, "individual", individual)
        setfield(self, "addons", addons)
        setfield(self, "total", total)
        setfield(self, "due_date", due_date)
        setfield(self, "days_late", days_late)
        setfield(self, "late_fee", late_fee)
        setfield(self, "late_fee_payer", late_fee_payer)
        setfield(self, "repayable", repayable)
        setfield(self, "restored", restored)
        setfield(self, "used", used)
        setfield(self, "provisional", provisional)
        setfield(self, "provisional_reason", provisional_reason)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.dated.source for u in self.used))


class Consequences(Record):
    benefits_stop_from: Month
    gap_months: int
    months_outstanding: int
    restore_window_months: int
    in_restore_window: bool
    restore_deadline: date
    last_repayable_day: date | None
    benefits_resume_from: Month
    waiting_period_months: int
    summary: Text
    continuity: Text
    used: tuple[InForce, ...]
    certainty: str  # official | reported | unconfirmed (see verdict_certainty)
    uncertain_because: tuple[Text, ...]

    __match_args__ = (
        "benefits_stop_from", "gap_months", "months_outstanding", "restore_window_months", "in_restore_window",
        "restore_deadline", "last_repayable_day", "benefits_resume_from", "waiting_period_months", "summary",
        "continuity", "used", "certainty", "uncertain_because",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        benefits_stop_from: Month,
        gap_months: int,
        months_outstanding: int,
        restore_window_months: int,
        in_restore_window: bool,
        restore_deadline: date,
        last_repayable_day: date | None,
        benefits_resume_from: Month,
        waiting_period_months: int,
        summary: Text,
        continuity: Text,
        used: tuple[InForce, ...],
        certainty: str = "official",
        uncertain_because: tuple[Text, ...] = (),
    ):
        setfield(self, "benefits_stop_from", benefits_stop_from)
        setfield(self, "gap_months", gap_months)
        setfield(self, "months_outstanding", months_outstanding)
        setfield(self, "restore_window_months", restore_window_months)
        setfield(self, "in_restore_window", in_restore_window)
        setfield(self, "restore_deadline", restore_deadline)
        setfield(self, "last_repayable_day", last_repayable_day)
        setfield(self, "benefits_resume_from", benefits_resume_from)
        setfield(self, "waiting_period_months", waiting_period_months)
        setfield(self, "summary", summary)
        setfield(self, "continuity", continuity)
        setfield(self, "used", used)
        setfield(self, "certainty", certainty)
        setfield(self, "uncertain_because", uncertain_because)


class Totals(Record):
    principal: Decimal
    late_fee: Decimal
    total: Decimal
    employer: Decimal
    individual: Decimal
    estimate: bool  # a line is provisional, or an amount rests on unverified or derived values

    __match_args__ = ("principal", "late_fee", "total", "employer", "individual", "estimate")
    __slots__ = __match_args__

    def __init__(
        self,
        principal: Decimal,
        late_fee: Decimal,
        total: Decimal,
        employer: Decimal,
        individual: Decimal,
        estimate: bool = False,
    ):
        setfield(self, "principal", principal)
        setfield(self, "late_fee", late_fee)
        setfield(self, "total", total)
        setfield(self, "employer", employer)
        setfield(self, "individual", individual)
        setfield(self, "estimate", estimate)


class Quote(Record):
    request: QuoteRequest
    lines: tuple[Line, ...]
    totals: Totals
    consequences: Consequences
    notes: tuple[Text, ...]

    __match_args__ = ("request", "lines", "totals", "consequences", "notes")
    __slots__ = __match_args__

    def __init__(
        self,
        request: QuoteRequest,
        lines: tuple[Line, ...],
        totals: Totals,
        consequences: Consequences,
        notes: tuple[Text, ...] = (),
    ):
        setfield(self, "request", request)
        setfield(self, "lines", lines)
        setfield(self, "totals", totals)
        setfield(self, "consequences", consequences)
        setfield(self, "notes", notes)

    @property
    def source_ids(self) -> tuple[str, ...]:
        ids = [s for line in self.lines for s in line.sources]
        ids += [u.dated.source for u in self.consequences.used]
        return tuple(dict.fromkeys(ids))


# ---- rules, one small function each ------------------------------------------------------------------


def clamp_base(declared: Decimal | None, floor: Decimal, ceiling: Decimal) -> tuple[Decimal, str | None]:
    """The base used is the declared base held within that month's floor and ceiling; say when it was moved."""
    if declared is None:
        return floor, None
    if declared < floor:
        return floor, "floor"
    if declared > ceiling:
        return ceiling, "ceiling"
    return declared, None


def due_date(month: Month, month_offset: int, day: int) -> date:
    """Contributions for ``month`` fall due on ``day`` of month + offset."""
    return month.plus(month_offset).day(day)


def days_late(due: date, paid_on: date) -> int:
    """Days from the day after the due date up to and including the payment date (Art. 86 counts per day)."""
    return max(0, (paid_on - due).days)


def late_fee(amount: Decimal, daily_rate: Decimal, days: int, rounding: Rounding) -> Decimal:
    return rounding.apply(mul(amount, daily_rate, days))


def months_outstanding(gap_start: Month, paid_on: date) -> int:
    """Months from the first unpaid month to the month before payment (how long the arrears stood)."""
    return max(0, Month.of(paid_on).minus(gap_start))


def resume_month(paid_on: date, in_window: bool, waiting: int) -> Month:
    """Inside the window benefits run on from the payment month; outside, after the waiting months that follow it."""
    paid = Month.of(paid_on)
    return paid if in_window else paid.plus(1 + waiting)


def provisional_reason(region: Region, month: Month, paid_on: date, used: tuple[InForce, ...]) -> Text | None:
    """A month is provisional when it is after the payment date, or a value it uses is past its series' horizon."""
    parts = []
    if month.first_day() > paid_on:
        parts.append(msg.provisional_future(str(month), paid_on))
    past = [(u.name, u.dated.effective, u.known_until) for u in used if u.past_horizon]
    if past:
        parts.append(msg.provisional_past_horizon(region, str(month), past))
    if not parts:
        return None
    return Text(" ".join(p.en for p in parts), "".join(p.zh for p in parts))


def amount_is_estimate(line: Line) -> bool:
    """An amount rests on an unverified or derived value (due-date and late-fee values count only with a fee)."""
    fee_only = {"due_month_offset", "due_day", "late_fee_daily_rate", "flexible_late_fee_daily_rate"}
    return any(
        (u.basis == "derived" or u.grade == "unverified") and (u.name not in fee_only or line.late_fee)
        for u in line.used
    )


def verdict_certainty(rules: Rules, region: Region, verdicts: tuple[InForce, ...]) -> tuple[str, tuple[Text, ...]]:
    """The weakest certainty of the values a verdict rests on, and why each weaker one is weaker."""
    reasons = []
    for u in verdicts:
        src = rules.sources[u.dated.source]
        if u.basis == "national_default":
            reasons.append(msg.uncertain_national_default(region, u.name, src.title, src.doc_no, u.grade))
        elif u.basis == "derived":
            reasons.append(msg.uncertain_derived(region, u.name, u.dated.derived.formula))
        elif u.certainty != "official":
            reasons.append(msg.uncertain_grade(region, u.name, u.grade, src.title))
    return weakest_certainty(u.certainty for u in verdicts), tuple(dict.fromkeys(reasons))


# ---- the quote ---------------------------------------------------------------------------------------


def _price_month(rules: Rules, req: QuoteRequest, month: Month, repayable: bool, restored: bool) -> Line:
    region, on = req.region, month.first_day()
    rounding = rules.rounding_for(region)
    used: list[InForce] = []

    def need(name: str, fld: str = "gap_start") -> InForce:
        v = value_in_force(rules, region, name, on, fld)
        used.append(v)
        return v

    def maybe(name: str) -> InForce | None:
        v = lookup(rules, region, name, on, "gap_start")
        if v is not None:
            used.append(v)
        return v

    base_used, clamped = None, None
    employer = individual = addons = ZERO
    if req.scheme == "employee":
        floor, ceiling = need("base_floor"), need("base_ceiling")
        base_used, clamped = clamp_base(req.base, floor.value, ceiling.value)
        base_used = rounding.apply(base_used)
        employer = rounding.apply(mul(base_used, need("employer_rate").value))
        individual = rounding.apply(mul(base_used, need("individual_rate").value))
        addon = maybe("individual_addon")
        addons = rounding.apply(addon.value if addon else ZERO)
        fee_rate = need("late_fee_daily_rate")
        payer = "employer"
    else:
        fixed = maybe("flexible_fixed_amount")
        if fixed is not None:
            individual = rounding.apply(fixed.value)
        else:
            floor = maybe("flexible_base_floor") or need("base_floor")
            ceiling = maybe("flexible_base_ceiling") or need("base_ceiling")
            base_used, clamped = clamp_base(req.base, floor.value, ceiling.value)
            base_used = rounding.apply(base_used)
            individual = rounding.apply(mul(base_used, need("flexible_rate", "scheme").value))
        addon = maybe("flexible_addon")
        addons = rounding.apply(addon.value if addon else ZERO)
        fee_rate = maybe("flexible_late_fee_daily_rate")
        payer = "individual" if fee_rate else None
    line_total = total((employer, individual, addons))
    due = due_date(month, need("due_month_offset").value, need("due_day").value)
    late = days_late(due, req.paid_on)
    fee = late_fee(line_total, fee_rate.value, late, rounding) if fee_rate and repayable else rounding.apply(ZERO)
    employer = rounding.apply(employer)
    reason = provisional_reason(region, month, req.paid_on, tuple(used))
    return Line(month, base_used, clamped, employer, individual, addons, line_total, due, late, fee,
                payer if fee_rate else None, repayable, restored, tuple(used), reason is not None, reason)


def quote(rules: Rules, req: QuoteRequest) -> Quote:
    region, paid = req.region, req.paid_on
    outstanding = months_outstanding(req.gap_start, paid)

    def at_payment(name: str) -> InForce:
        return value_in_force(rules, region, name, paid, "paid_on")

    stop = value_in_force(rules, region, "benefits_stop_offset_months", req.gap_start.first_day(), "gap_start")
    if req.scheme == "employee":
        window = at_payment("employee_restore_window_months")
        waiting = at_payment("employee_waiting_period_months")
        repayable = True  # an employer's arrears stay owed; the window decides only whether benefits come back
    else:
        window = at_payment("flexible_repay_window_months")
        waiting = at_payment("flexible_waiting_period_months")
        repayable = outstanding <= window.value
    in_window = outstanding <= window.value
    restored = in_window and repayable
    lines = tuple(_price_month(rules, req, m, repayable, restored) for m in month_range(req.gap_start, req.gap_end))

    due = [ln for ln in lines if ln.repayable]
    late = total(ln.late_fee for ln in due)
    employer_part = total(ln.employer for ln in due)
    individual_part = total(ln.individual + ln.addons for ln in due)
    if req.scheme == "employee":
        employer_part = total((employer_part, late))
    else:
        individual_part = total((individual_part, late))
    principal = total(ln.total for ln in due)
    exact = rules.rounding_for(region).apply  # sums of rounded amounts: this only fixes the number of places
    estimate = any(ln.provisional or amount_is_estimate(ln) for ln in due)
    totals = Totals(exact(principal), exact(late), exact(total((principal, late))), exact(employer_part),
                    exact(individual_part), estimate)

    waiting_months = 0 if restored else waiting.value
    deadline = req.gap_start.plus(window.value).last_day()
    stop_from = req.gap_start.plus(stop.value)
    resume = resume_month(paid, restored, waiting_months)
    # The verdicts: covered or not and the deadline rest on the window; the wait matters only when not restored.
    verdicts = (window,) if restored else (window, waiting)
    certainty, because = verdict_certainty(rules, region, verdicts)
    summary = msg.summary(in_window, req.scheme, str(stop_from), str(resume), waiting_months, restored, repayable)
    consequences = Consequences(
        benefits_stop_from=stop_from,
        gap_months=len(lines),
        months_outstanding=outstanding,
        restore_window_months=window.value,
        in_restore_window=in_window,
        restore_deadline=deadline,
        last_repayable_day=deadline if req.scheme == "flexible" and window.value > 0 else None,
        benefits_resume_from=resume,
        waiting_period_months=waiting_months,
        summary=msg.with_certainty(certainty, region, summary, {u.basis for u in verdicts if u.certainty == certainty}),
        continuity=msg.continuity(in_window, repayable),
        used=(stop, window, waiting),
        certainty=certainty,
        uncertain_because=because,
    )
    return Quote(req, lines, totals, consequences, _notes(rules, req, lines, consequences))


def _notes(rules: Rules, req: QuoteRequest, lines: tuple[Line, ...], cons: Consequences) -> tuple[Text, ...]:
    notes: list[Text] = []
    for kind in ("floor", "ceiling"):
        n = sum(1 for ln in lines if ln.base_clamped == kind)
        if n:
            notes.append(msg.base_clamped_note(n, kind))
    if req.scheme == "employee":
        notes.append(msg.late_fee_employer())
    else:
        if any(ln.base is None for ln in lines):
            notes.append(msg.fixed_amount_note())
        if not any(ln.late_fee_payer for ln in lines):
            notes.append(msg.no_flexible_late_fee())
        if not lines[0].repayable:
            notes.append(msg.flexible_not_repayable(cons.restore_window_months))
    used = [u for ln in lines for u in ln.used] + list(cons.used)
    for u in used:
        if u.dated.explain and u.dated.explain not in notes:
            notes.append(u.dated.explain)
    weak = {(u.name, u.dated.effective) for u in used if u.grade in WEAK_GRADES}
    if weak:
        notes.append(msg.weak_sources(len(weak)))
    return tuple(notes)
