"""Frozen data model of validated rules. Only ``schema.load_rules`` builds these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from .money import Rounding

GRADES = ("official", "official-copy", "official-cited", "secondary", "unverified")
# Grades that the site marks as "not read on an official text".
WEAK_GRADES = frozenset({"secondary", "unverified"})


class Kind(Enum):
    MONEY = "money"  # CNY per month, >= 0
    RATE = "rate"  # ratio in 0..1
    COUNT = "count"  # whole number within per-parameter bounds


@dataclass(frozen=True)
class Spec:
    kind: Kind
    low: int = 0
    high: int = 0
    required: bool = False  # every region must define it (itself or through national.yaml)


PARAMETERS: Mapping[str, Spec] = {
    "base_floor": Spec(Kind.MONEY, required=True),
    "base_ceiling": Spec(Kind.MONEY, required=True),
    "employer_rate": Spec(Kind.RATE, required=True),
    "individual_rate": Spec(Kind.RATE, required=True),
    "individual_addon": Spec(Kind.MONEY),
    "flexible_base_floor": Spec(Kind.MONEY),
    "flexible_base_ceiling": Spec(Kind.MONEY),
    "flexible_rate": Spec(Kind.RATE, required=True),
    "flexible_addon": Spec(Kind.MONEY),
    "flexible_fixed_amount": Spec(Kind.MONEY),
    "late_fee_daily_rate": Spec(Kind.RATE, required=True),
    "flexible_late_fee_daily_rate": Spec(Kind.RATE),
    "due_month_offset": Spec(Kind.COUNT, 0, 3, required=True),
    "due_day": Spec(Kind.COUNT, 1, 31, required=True),
    "benefits_stop_offset_months": Spec(Kind.COUNT, 0, 12, required=True),
    "employee_restore_window_months": Spec(Kind.COUNT, 0, 120, required=True),
    "employee_waiting_period_months": Spec(Kind.COUNT, 0, 24, required=True),
    "flexible_repay_window_months": Spec(Kind.COUNT, 0, 120, required=True),
    "flexible_waiting_period_months": Spec(Kind.COUNT, 0, 24, required=True),
    "retirement_years_men": Spec(Kind.COUNT, 0, 50, required=True),
    "retirement_years_women": Spec(Kind.COUNT, 0, 50, required=True),
    "retirement_local_years": Spec(Kind.COUNT, 0, 50),
    "retirement_makeup_base": Spec(Kind.MONEY),
    "retirement_makeup_rate": Spec(Kind.RATE),
}


@dataclass(frozen=True)
class Text:
    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    issuer: Text
    url: str
    grade: str
    doc_no: str | None = None
    published: date | None = None
    note: Text | None = None


@dataclass(frozen=True)
class DatedValue:
    effective: date
    value: Decimal | int | None  # None: not in force from this date
    source: str
    note: Text | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    values: tuple[DatedValue, ...] = ()
    not_published: Text | None = None  # set instead of values when nothing official was found


@dataclass(frozen=True)
class TextItem:
    """Region wording in both languages, with the sources it rests on."""

    en: str
    zh: str
    sources: tuple[str, ...]

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class HowTo:
    steps: tuple[TextItem, ...]
    channels: tuple[TextItem, ...]
    materials: tuple[TextItem, ...]
    time_limits: TextItem
    fees: TextItem


@dataclass(frozen=True)
class RegionText:
    summary: TextItem
    can_i_pay_back: TextItem
    how_to_pay_back: HowTo
    if_you_do_not_pay: TextItem
    hardship: TextItem
    after_leaving_a_job: TextItem
    retirement: TextItem
    notes: tuple[TextItem, ...]


@dataclass(frozen=True)
class Contact:
    name: Text
    role: str  # records | collects | benefits | other
    source: str
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Region:
    code: str
    slug: str
    name: Text
    province: Text
    last_reviewed: date
    rounding: Rounding | None
    parameters: Mapping[str, Parameter]  # only those the region file defines
    text: RegionText
    contacts: tuple[Contact, ...]
    legal_basis: tuple[str, ...]
    sources: tuple[str, ...]  # ids defined in the region file


@dataclass(frozen=True)
class Rules:
    schema_version: int
    last_reviewed: date
    rounding: Rounding
    parameters: Mapping[str, Parameter]  # national defaults
    national_sources: tuple[str, ...]
    sources: Mapping[str, Source]  # every source, national and regional, by id
    regions: Mapping[str, Region]  # by slug, sorted

    def parameter(self, region: Region, name: str) -> Parameter | None:
        """The series a region uses: its own, else the national one, else None."""
        return region.parameters.get(name) or self.parameters.get(name)

    def rounding_for(self, region: Region) -> Rounding:
        return region.rounding or self.rounding
