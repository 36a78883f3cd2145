"""Frozen data model of validated rules. Only ``schema.load_rules`` builds these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import Rounding

GRADES = ("official", "official-copy", "official-cited", "secondary", "unverified")  # strongest first
# Grades that the site marks as "not read on an official text".
WEAK_GRADES = frozenset({"secondary", "unverified"})
OFFICIAL_GRADES = frozenset({"official", "official-copy", "official-cited"})

# Where a value in force comes from (DESIGN §3a).
BASES = ("local", "national_default", "derived")
# How sure a verdict is: local rule with an official-ish grade / local rule from a secondary source /
# national default, unverified or derived.
CERTAINTIES = ("official", "reported", "unconfirmed")


def weakest_grade(grades) -> str:
    """The weakest of ``grades`` (``unverified`` when there are none: nothing seen, nothing vouched for)."""
    grades = list(grades)
    return max(grades, key=GRADES.index) if grades else "unverified"


def certainty_of(basis: str, grade: str) -> str:
    """The certainty a single value lends a verdict."""
    if basis != "local" or grade == "unverified":
        return "unconfirmed"
    return "official" if grade in OFFICIAL_GRADES else "reported"


def weakest_certainty(certainties) -> str:
    certainties = list(certainties)
    return max(certainties, key=CERTAINTIES.index) if certainties else "official"


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


@dataclass(frozen=True)
class Derivation:
    """A value this guide worked out: the formula, the sources of its inputs, and the weakest of their grades."""

    formula: Text
    inputs: tuple[str, ...]  # source ids (the value's own source is always counted too)
    grade: str  # computed by the schema, never written by editors


@dataclass(frozen=True)
class DatedValue:
    effective: date
    value: Decimal | int | None  # None: not in force from this date
    source: str
    explain: Text | None = None  # for readers, in plain words (editors' `research` notes are never loaded)
    derived: Derivation | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    values: tuple[DatedValue, ...] = ()
    not_published: Text | None = None  # set instead of values when nothing official was found
    # The day up to which the series is known to hold (end of the base year of its latest confirmed value, or the
    # last review that found nothing newer). Later days are priced with the value in force then (the latest,
    # or one recorded as provisional) but marked provisional. Defaults to the file's last_reviewed.
    known_until: date | None = None


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
    inherits: tuple[str, ...] = ()  # parameters taken from national.yaml, by the file's explicit choice


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
        """The series a region uses: its own, else the national one where the file inherits it, else None."""
        own = region.parameters.get(name)
        if own is not None:
            return own
        return self.parameters.get(name) if name in region.inherits else None

    def grade_of(self, dv: DatedValue) -> str:
        """A derived value carries the weakest grade of its inputs, never its document's grade."""
        return dv.derived.grade if dv.derived else self.sources[dv.source].grade

    def rounding_for(self, region: Region) -> Rounding:
        return region.rounding or self.rounding
