"""The answer block at the top of a region page: one short verdict for each reader's situation.

Each answer says whether the months can be paid back and until when, what happens to medical bills in the
gap, what to do today, and how sure the guide is. The words are catalogue entries (guide/wording/answers.yaml);
this module only chooses which entry fits the region's rules and fills in values as readers see them
(no dates, grades or sources in the sentence: one citation mark per answer, details in the values table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from calculator.model import Region, Rules, weakest_certainty
from calculator.timeline import Position, position

from .formatting import fmt_value, grade_label
from .wording import Wording

# Where each situation's details are on the page (stable anchors partners may link to).
DETAILS = {"employer": "can-i-pay-back", "left_job": "after-leaving-a-job", "flexible": "can-i-pay-back",
           "retirement": "retirement"}
# The parameters each verdict rests on: their weakest certainty is the answer's.
RESTS_ON = {
    "employer": ("employee_restore_window_months", "employee_waiting_period_months", "benefits_stop_offset_months"),
    "left_job": ("flexible_repay_window_months", "benefits_stop_offset_months"),
    "flexible": ("flexible_repay_window_months", "flexible_waiting_period_months", "benefits_stop_offset_months"),
    "retirement": ("retirement_years_men", "retirement_years_women"),
}


@dataclass(frozen=True)
class Answer:
    situation: str
    verdict: str  # the catalogue key of each sentence ...
    bills: str
    today: str
    values: dict[str, str] = field(default_factory=dict)  # ... and the values it names, formatted
    certainty: str = "official"
    why_key: str | None = None  # what makes it less than official
    sources: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return DETAILS[self.situation]


def shown(p: Position, w: Wording) -> str:
    """A value as a sentence names it: no date, source or grade (those are in the values table)."""
    if p.status == "in_force":
        return fmt_value(p.name, p.value, w)
    if p.status == "stopped":
        return w("value_none")
    return grade_label("not_published", w)


def is_zero(p: Position) -> bool:
    return p.status == "in_force" and p.value == 0


def rested_on(rules: Rules, region: Region, situation: str, on: date) -> list[Position]:
    return [position(rules, region, name, on) for name in RESTS_ON[situation]]


def answer_certainty(positions: list[Position]) -> tuple[str, str | None]:
    """The weakest certainty of the values a verdict rests on, and the reason when it is not official."""
    found = [p for p in positions if p.status != "absent"]
    if any(p.status in ("not_published", "before_first") for p in found):
        return "unconfirmed", "why_not_published"
    certainty = weakest_certainty(p.certainty for p in found)
    if certainty == "official":
        return certainty, None
    bases = {p.basis for p in found if p.certainty == certainty}
    if certainty == "reported":
        return certainty, "why_secondary"
    if "national_default" in bases:
        return certainty, "why_national_default"
    if "derived" in bases:
        return certainty, "why_derived"
    return certainty, "why_unverified"


def _sources(positions: list[Position]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.current.source for p in positions if p.current is not None))


def resume_after(waiting: Position, w: Wording) -> str:
    return w("resume_next_month") if is_zero(waiting) else w("resume_after", waiting=shown(waiting, w))


def employer_answer(rules: Rules, region: Region, on: date, w: Wording) -> Answer:
    window, waiting, stop = rested_on(rules, region, "employer", on)
    certainty, why = answer_certainty([window, waiting, stop])
    restores = not is_zero(window) and window.status == "in_force"
    return Answer(
        "employer", "employer_verdict" if restores else "employer_verdict_no_restore",
        "employer_bills" if restores else "employer_bills_no_restore", "employer_today",
        {"window": shown(window, w), "resume": resume_after(waiting, w), "stop": shown(stop, w)},
        certainty, why, _sources([window, waiting, stop]))


def left_job_answer(rules: Rules, region: Region, on: date, w: Wording) -> Answer:
    window, stop = rested_on(rules, region, "left_job", on)
    certainty, why = answer_certainty([window, stop])
    can_repay = window.status == "in_force" and not is_zero(window)
    return Answer("left_job", "left_verdict" if can_repay else "left_verdict_no_repay", "left_bills", "left_today",
                  {"window": shown(window, w), "stop": shown(stop, w)}, certainty, why, _sources([window, stop]))


def flexible_answer(rules: Rules, region: Region, on: date, w: Wording) -> Answer:
    window, waiting, stop = rested_on(rules, region, "flexible", on)
    certainty, why = answer_certainty([window, waiting, stop])
    can_repay = window.status == "in_force" and not is_zero(window)
    return Answer("flexible", "flexible_verdict" if can_repay else "flexible_verdict_no_repay", "flexible_bills",
                  "flexible_today", {"window": shown(window, w), "waiting": shown(waiting, w), "stop": shown(stop, w)},
                  certainty, why, _sources([window, waiting, stop]))


def retirement_answer(rules: Rules, region: Region, on: date, w: Wording) -> Answer:
    men, women = rested_on(rules, region, "retirement", on)
    local = position(rules, region, "retirement_local_years", on)
    certainty, why = answer_certainty([men, women])
    has_local = local.status == "in_force" and not is_zero(local)
    if men.status != "in_force" or women.status != "in_force":
        verdict = "retirement_verdict_unknown"
    else:
        verdict = "retirement_verdict_local" if has_local else "retirement_verdict"
    return Answer("retirement", verdict, "retirement_bills",
                  "retirement_today", {"men": shown(men, w), "women": shown(women, w), "local": shown(local, w)},
                  certainty, why, _sources([men, women, local] if has_local else [men, women]))


ANSWERS = {"employer": employer_answer, "left_job": left_job_answer, "flexible": flexible_answer,
           "retirement": retirement_answer}


def answers(rules: Rules, region: Region, on: date, lang: str) -> list[Answer]:
    w = Wording(lang)
    return [answer(rules, region, on, w) for answer in ANSWERS.values()]
