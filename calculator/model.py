"""Frozen data model of validated rules. Only ``schema.load_rules`` builds these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from .money import Rounding
from .record import Record, setfield

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


class Text(Record):
    en: str
    zh: str

    __match_args__ = ("en", "zh")
    __slots__ = __match_args__

    def __init__(self, en: str, zh: str):
        setfield(self, "en", en)
        setfield(self, "zh", zh)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Source(Record):
    id: str
    title: Text
    issuer: Text
    url: str
    grade: str
    doc_no: str | None
    published: date | None

    __match_args__ = ("id", "title", "issuer", "url", "grade", "doc_no", "published")
    __slots__ = __match_args__

    def __init__(
        self,
        id: str,
        title: Text,
        issuer: Text,
        url: str,
        grade: str,
        doc_no: str | None = None,
        published: date | None = None,
    ):
        setfield(self, "id", id)
        setfield(self, "title", title)
        setfield(self, "issuer", issuer)
        setfield(self, "url", url)
        setfield(self, "grade", grade)
        setfield(self, "doc_no", doc_no)
        setfield(self, "published", published)


class Derivation(Record):
    """A value this guide worked out: the formula, the sources of its inputs, and the weakest of their grades."""

    formula: Text
    inputs: tuple[str, ...]  # source ids (the value's own source is always counted too)
    grade: str  # computed by the schema, never written by editors

    __match_args__ = ("formula", "inputs", "grade")
    __slots__ = __match_args__

    def __init__(self, formula: Text, inputs: tuple[str, ...], grade: str):
        setfield(self, "formula", formula)
        setfield(self, "inputs", inputs)
        setfield(self, "grade", grade)


class DatedValue(Record):
    effective: date
    value: Decimal | int | None  # None: not in force from this date
    source: str
    explain: Text | None  # for readers, in plain words (editors' `research` notes are never loaded)
    derived: Derivation | None

    __match_args__ = ("effective", "value", "source", "explain", "derived")
    __slots__ = __match_args__

    def __init__(
        self,
        effective: date,
        value: Decimal | int | None,
        source: str,
        explain: Text | None = None,
        derived: Derivation | None = None,
    ):
        setfield(self, "effective", effective)
        setfield(self, "value", value)
        setfield(self, "source", source)
        setfield(self, "explain", explain)
        setfield(self, "derived", derived)


class Parameter(Record):
    name: str
    values: tuple[DatedValue, ...]
    not_published: Text | None  # set instead of values when nothing official was found
    # The day up to which the series is known to hold (end of the base year of its latest confirmed value, or the
    # last review that found nothing newer). Later days are priced with the value in force then (the latest,
    # or one recorded as provisional) but marked provisional. Defaults to the file's last_reviewed.
    known_until: date | None

    __match_args__ = ("name", "values", "not_published", "known_until")
    __slots__ = __match_args__

    def __init__(
        self,
        name: str,
        values: tuple[DatedValue, ...] = (),
        not_published: Text | None = None,
        known_until: date | None = None,
    ):
        setfield(self, "name", name)
        setfield(self, "values", values)
        setfield(self, "not_published", not_published)
        setfield(self, "known_until", known_until)


class TextItem(Record):
    """Region wording in both languages, with the sources it rests on."""

    en: str
    zh: str
    sources: tuple[str, ...]

    __match_args__ = ("en", "zh", "sources")
    __slots__ = __match_args__

    def __init__(self, en: str, zh: str, sources: tuple[str, ...]):
        setfield(self, "en", en)
        setfield(self, "zh", zh)
        setfield(self, "sources", sources)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class HowTo(Record):
    steps: tuple[TextItem, ...]
    channels: tuple[TextItem, ...]
    materials: tuple[TextItem, ...]
    time_limits: TextItem
    fees: TextItem

    __match_args__ = ("steps", "channels", "materials", "time_limits", "fees")
    __slots__ = __match_args__

    def __init__(
        self,
        steps: tuple[TextItem, ...],
        channels: tuple[TextItem, ...],
        materials: tuple[TextItem, ...],
        time_limits: TextItem,
        fees: TextItem,
    ):
        setfield(self, "steps", steps)
        setfield(self, "channels", channels)
        setfield(self, "materials", materials)
        setfield(self, "time_limits", time_limits)
        setfield(self, "fees", fees)


class RegionText(Record):
    summary: TextItem
    can_i_pay_back: TextItem
    how_to_pay_back: HowTo
    if_you_do_not_pay: TextItem
    hardship: TextItem
    after_leaving_a_job: TextItem
    retirement: TextItem
    notes: tuple[TextItem, ...]

    __match_args__ = (
        "summary", "can_i_pay_back", "how_to_pay_back", "if_you_do_not_pay", "hardship", "after_leaving_a_job",
        "retirement", "notes",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        summary: TextItem,
        can_i_pay_back: TextItem,
        how_to_pay_back: HowTo,
        if_you_do_not_pay: TextItem,
        hardship: TextItem,
        after_leaving_a_job: TextItem,
        retirement: TextItem,
        notes: tuple[TextItem, ...],
    ):
        setfield(self, "summary", summary)
        setfield(self, "can_i_pay_back", can_i_pay_back)
        setfield(self, "how_to_pay_back", how_to_pay_back)
        setfield(self, "if_you_do_not_pay", if_you_do_not_pay)
        setfield(self, "hardship", hardship)
        setfield(self, "after_leaving_a_job", after_leaving_a_job)
        setfield(self, "retirement", retirement)
        setfield(self, "notes", notes)


class Contact(Record):
    name: Text
    role: str  # records | collects | benefits | other
    source: str
    phone: str | None
    url: str | None

    __match_args__ = ("name", "role", "source", "phone", "url")
    __slots__ = __match_args__

    def __init__(self, name: Text, role: str, source: str, phone: str | None = None, url: str | None = None):
        setfield(self, "name", name)
        setfield(self, "role", role)
        setfield(self, "source", source)
        setfield(self, "phone", phone)
        setfield(self, "url", url)


class Region(Record):
    code: str
    slug: str
    name: Text
    province: Text
    last_reviewed: date
    rounding: Rounding | None
    parameters: Mapping[str, Parameter]  # only those the region file defines
    text: RegionText | None  # None when loaded from the calculator's form of the rules (schema.FORMS)
    contacts: tuple[Contact, ...]
    legal_basis: tuple[str, ...]
    sources: tuple[str, ...]  # ids defined in the region file
    inherits: tuple[str, ...]  # parameters taken from national.yaml, by the file's explicit choice

    __match_args__ = (
        "code", "slug", "name", "province", "last_reviewed", "rounding", "parameters", "text", "contacts",
        "legal_basis", "sources", "inherits",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        code: str,
        slug: str,
        name: Text,
        province: Text,
        last_reviewed: date,
        rounding: Rounding | None,
        parameters: Mapping[str, Parameter],
        text: RegionText,
        contacts: tuple[Contact, ...],
        legal_basis: tuple[str, ...],
        sources: tuple[str, ...],
        inherits: tuple[str, ...] = (),
    ):
        setfield(self, "code", code)
        setfield(self, "slug", slug)
        setfield(self, "name", name)
        setfield(self, "province", province)
        setfield(self, "last_reviewed", last_reviewed)
        setfield(self, "rounding", rounding)
        setfield(self, "parameters", parameters)
        setfield(self, "text", text)
        setfield(self, "contacts", contacts)
        setfield(self, "legal_basis", legal_basis)
        setfield(self, "sources", sources)
        setfield(self, "inherits", inherits)


class Rules(Record):
    schema_version: int
    last_reviewed: date
    rounding: Rounding
    parameters: Mapping[str, Parameter]  # national defaults
    national_sources: tuple[str, ...]
    sources: Mapping[str, Source]  # every source, national and regional, by id
    regions: Mapping[str, Region]  # by slug, sorted

    __match_args__ = (
        "schema_version", "last_reviewed", "rounding", "parameters", "national_sources", "sources", "regions",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        schema_version: int,
        last_reviewed: date,
        rounding: Rounding,
        parameters: Mapping[str, Parameter],
        national_sources: tuple[str, ...],
        sources: Mapping[str, Source],
        regions: Mapping[str, Region],
    ):
        setfield(self, "schema_version", schema_version)
        setfield(self, "last_reviewed", last_reviewed)
        setfield(self, "rounding", rounding)
        setfield(self, "parameters", parameters)
        setfield(self, "national_sources", national_sources)
        setfield(self, "sources", sources)
        setfield(self, "regions", regions)

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
