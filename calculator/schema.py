"""The only validator: plain dicts (from YAML at build time, from JSON in the browser) -> frozen Rules.

Every error names the dotted path of the offending field, e.g.
``regions.guangzhou.parameters.base_floor.values.2025-01-01.value``; the build maps that path to a
file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .model import (
    GRADES,
    Contact,
    DatedValue,
    Derivation,
    HowTo,
    Parameter,
    Region,
    RegionText,
    Rules,
    Source,
    Text,
    TextItem,
    weakest_grade,
)
from .money import ROUNDING_MODES, Rounding, as_text
from .months import parse_date
from .parameters import PARAMETERS, Kind

SCHEMA_VERSION = 1
# Patterns are matched with fullmatch and ASCII classes only: "$" would let a trailing newline through and
# "\d" would take any script's digits.
SLUG = re.compile(r"[a-z][a-z0-9-]{1,40}")
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,60}")
_CODE = re.compile(r"[0-9]{6}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{1,28}[0-9]")
# http(s) only, and only characters a URL may hold unescaped, minus quotes and angle brackets.
URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?")
DECIMAL_TEXT = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?")
HTML_TAG = re.compile(r"<[A-Za-z!/?][^>]*>?")  # a tag, comment or autolink; "< 3" is text
# What Markdown would turn into markup the editors' guide does not allow (see _markup_problem).
_ATTR_LIST = re.compile(r"\{\s*(:|[.#][A-Za-z_]|[A-Za-z_][\w-]*\s*=)[^}]*\}")
_CHAR_REF = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.I)
_SCRIPT_SCHEME = re.compile(r"(java|vb)script\s*:", re.I)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(\s|$)", re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Control, format and line/paragraph separator characters; prose may keep newlines and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_LINE_BREAK = re.compile(r"[\t\n]")
# Every pattern that makes text into markup, for the published JSON Schema to refuse the same (link targets
# other than http(s) it cannot check: the loader's _LINK_TARGET rule stays the loader's).
MARKUP = (HTML_TAG, _ATTR_LIST, _CHAR_REF, _EVENT_ATTR, _SCRIPT_SCHEME, _CONTROL)
# Any of the markup patterns _markup_problem tries one by one: text that matches none (nearly all) is
# cleared with one search instead of five (loading the rules in the browser searches ~4,700 texts).
_ANY_MARKUP = re.compile("|".join(
    f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})"
    for p in (HTML_TAG, _ATTR_LIST, _CHAR_REF, _EVENT_ATTR, _SCRIPT_SCHEME)))
PHONE = _PHONE
MAX_TEXT_CHARS = 5000
MAX_NUMBER = 10**12  # money, rates and counts are far below this
MIN_EXPONENT = 12  # no rate or amount needs more than 12 decimal places
ROLES = ("records", "collects", "benefits", "other")
# "full": everything the site shows. "calculator": what the browser's calculator loads (`"form": "calculator"`
# at the top): the regions without their `text` and `contacts`, which no calculation reads (more than half
# the bytes). Both are read and checked by load_rules alike; a Region loaded from the calculator form has
# text None and no contacts.
FORMS = ("full", "calculator")
CALCULATOR_DROPS = ("text", "contacts")


class PolicyError(ValueError):
    """A policy document broke the schema at ``path``."""

    def __init__(self, path: tuple[str, ...], en: str, zh: str):
        self.path = path
        self.message = Text(en, zh)
        super().__init__(f"{self.dotted}: {en}")

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def _fail(path, en, zh):
    raise PolicyError(tuple(str(p) for p in path), en, zh)


def _mapping(obj, path, required=(), optional=()) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        _fail(path, f"expected a mapping, found {type(obj).__name__}", f"应为映射（键值对），实际为 {type(obj).__name__}")
    for key in obj:
        if key not in required and key not in optional:
            allowed = ", ".join((*required, *optional))
            _fail((*path, key), f"unknown key '{key}' (allowed: {allowed})", f"未知字段“{key}”（允许：{allowed}）")
    for key in required:
        if key not in obj:
            _fail((*path, key), f"missing required key '{key}'", f"缺少必填字段“{key}”")
    return obj


def _open_mapping(obj, path) -> Mapping[str, Any]:
    """A mapping whose keys are data (dates, ids, slugs), checked by the caller."""
    if not isinstance(obj, Mapping):
        _fail(path, f"expected a mapping, found {type(obj).__name__}", f"应为映射（键值对），实际为 {type(obj).__name__}")
    return obj


def _string(obj, path, pattern: re.Pattern | None = None, what="text", what_zh="文本") -> str:
    """One line of text that may reach a page: no control characters, no markup, and ``pattern`` if given."""
    text = _nonempty(obj, path, what, what_zh)
    bad = _LINE_BREAK.search(text)
    if bad:
        _fail(path, f"control character U+{ord(bad.group(0)):04X} is not allowed in {what}",
              f"{what_zh}中不允许出现控制字符 U+{ord(bad.group(0)):04X}")
    if pattern and not pattern.fullmatch(text):
        _fail(path, f"'{text[:80]}' is not a valid {what}", f"“{text[:80]}”不是有效的{what_zh}")
    _no_markup(text, path)
    return text


def _nonempty(obj, path, what="text", what_zh="文本") -> str:
    if not isinstance(obj, str) or not obj.strip():
        _fail(path, f"expected non-empty {what}", f"应为非空的{what_zh}")
    if len(obj) > MAX_TEXT_CHARS:
        _fail(path, f"{what} longer than {MAX_TEXT_CHARS} characters", f"{what_zh}超过 {MAX_TEXT_CHARS} 个字符")
    bad = _CONTROL.search(obj)
    if bad:
        _fail(path, f"control character U+{ord(bad.group(0)):04X} is not allowed in {what}",
              f"{what_zh}中不允许出现控制字符 U+{ord(bad.group(0)):04X}")
    return obj


def _whole_number_text(obj):
    """Codes and phone numbers may be written unquoted in YAML (an int); never a bool or a decimal."""
    return str(obj) if type(obj) is int else obj


def _markup_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` would become markup on a page (en, zh), or None. Policy text is Markdown without raw HTML,
    attribute lists, character references, event handlers, or links to anything but http(s) and relative paths."""
    if not _ANY_MARKUP.search(text):
        return _link_problem(text) if "]" in text else None  # both forms of link need a "]"
    found = HTML_TAG.search(text)
    if found:
        return (f"HTML is not allowed in policy text ('{found.group(0)[:40]}'); use Markdown",
                f"政策文本中不允许使用 HTML（“{found.group(0)[:40]}”），请改用 Markdown")
    found = _ATTR_LIST.search(text)
    if found:
        return (f"Markdown attribute lists are not allowed ('{found.group(0)[:40]}')",
                f"不允许使用 Markdown 属性列表（“{found.group(0)[:40]}”）")
    found = _CHAR_REF.search(text)
    if found:
        return (f"HTML character references are not allowed ('{found.group(0)}'); write the character itself",
                f"不允许使用 HTML 字符引用（“{found.group(0)}”），请直接写出字符")
    found = _EVENT_ATTR.search(text) or _SCRIPT_SCHEME.search(text)
    if found:
        return (f"'{found.group(0)}' is not allowed in policy text", f"政策文本中不允许出现“{found.group(0)}”")
    return _link_problem(text)


def _link_problem(text: str) -> tuple[str, str] | None:
    for m in _LINK_TARGET.finditer(text):
        target = m.group(1) if m.group(1) is not None else m.group(2)
        if _SCHEME.match(target) and not target.lower().startswith(("http://", "https://")):
            return (f"link target '{target[:40]}' must be an http(s) address or a relative path",
                    f"链接目标“{target[:40]}”须为 http(s) 网址或相对路径")
    return None


def _no_markup(text: str, path) -> None:
    problem = _markup_problem(text)
    if problem:
        _fail(path, *problem)


def _date(obj, path) -> date:
    try:
        return parse_date(obj)
    except (ValueError, TypeError):
        _fail(path, f"'{obj}' is not a date in YYYY-MM-DD form", f"“{obj}”不是 YYYY-MM-DD 格式的日期")


def _text(obj, path) -> Text:
    m = _mapping(obj, path, required=("en", "zh"))
    return Text(_prose(m["en"], (*path, "en")), _prose(m["zh"], (*path, "zh")))


def _prose(obj, path) -> str:
    """Reader-facing text: Markdown, never HTML (the pages pass Markdown's raw HTML through unescaped)."""
    text = _nonempty(obj, path)  # newlines allowed: Markdown paragraphs and lists
    _no_markup(text, path)
    return text


def _number(obj, path) -> Decimal:
    """Exact decimals only: YAML floats arrive as Decimal, JSON numbers as strings; a float is refused."""
    if isinstance(obj, (bool, float)):
        _fail(path, "write the number as an exact decimal (a string in JSON), not a float",
              "数字须写成精确小数（JSON 中为字符串），不能是浮点数")
    number = None
    if isinstance(obj, int) and -MAX_NUMBER < obj < MAX_NUMBER:
        number = Decimal(obj)
    elif isinstance(obj, Decimal) and obj.is_finite():
        number = obj
    elif isinstance(obj, str) and DECIMAL_TEXT.fullmatch(obj):
        number = Decimal(obj)
    # Bounded before any arithmetic: 1E+999999 is a finite Decimal, and a whole-number check of it never ends.
    if number is None or abs(number) >= MAX_NUMBER or (number and number.adjusted() < -MIN_EXPONENT):
        shown = str(obj)[:40]
        _fail(path, f"'{shown}' is not a number of a sensible size", f"“{shown}”不是大小合理的数字")
    return number


def _source_ref(obj, path, known: Mapping[str, Any]) -> str:
    ref = _string(obj, path, SOURCE_ID, "source id", "来源编号")
    if ref not in known:
        _fail(path, f"source '{ref}' is not defined in this file or in national.yaml",
              f"来源“{ref}”未在本文件或 national.yaml 中定义")
    return ref


def _value(obj, path, name: str):
    spec = PARAMETERS[name]
    if obj is None:
        return None
    number = _number(obj, path)
    if spec.kind is Kind.RATE and not Decimal(0) <= number <= Decimal(1):
        _fail(path, f"rate {number} is outside 0..1 (write 2% as 0.02)", f"费率 {number} 超出 0 到 1（2% 应写作 0.02）")
    if spec.kind is Kind.MONEY and number < 0:
        _fail(path, f"amount {number} is negative", f"金额 {number} 为负数")
    if spec.kind is Kind.COUNT:
        if number != number.to_integral_value() or not spec.low <= number <= spec.high:
            _fail(path, f"{number} is not a whole number in {spec.low}..{spec.high}",
                  f"{number} 不是 {spec.low} 到 {spec.high} 之间的整数")
        return int(number)
    return number


def _research(entry, path) -> None:
    """Editors' research notes (what was searched, which copy was read): checked as text, then left out of the
    rules, so no page, API file or calculator result can show them."""
    if "research" in entry:
        _text(entry["research"], (*path, "research"))


def _derivation(obj, path, own_source: str, known_sources) -> Derivation:
    """Our arithmetic on named inputs: graded as the weakest input (the value's own source included)."""
    m = _mapping(obj, path, required=("formula", "inputs"))
    refs = m["inputs"]
    if not isinstance(refs, list) or not refs:
        _fail((*path, "inputs"), "list the source ids of the inputs", "请列出各输入项的来源编号")
    inputs = tuple(_source_ref(r, (*path, "inputs", i), known_sources) for i, r in enumerate(refs))
    grade = weakest_grade(known_sources[s].grade for s in (own_source, *inputs))
    return Derivation(_text(m["formula"], (*path, "formula")), inputs, grade)


def _parameter(obj, path, name: str, known_sources, default_horizon: date) -> Parameter:
    if name not in PARAMETERS:
        _fail(path, f"unknown parameter '{name}'", f"未知参数“{name}”")
    m = _mapping(obj, path, optional=("values", "not_published", "known_until", "research"))
    _research(m, path)
    if ("values" in m) == ("not_published" in m):
        _fail(path, "give either 'values' or 'not_published', not both or neither",
              "须且只能给出“values”或“not_published”之一")
    if "not_published" in m:
        if "known_until" in m:
            _fail((*path, "known_until"), "'known_until' belongs to a series with values",
                  "“known_until”只适用于有数值的序列")
        return Parameter(name, (), _text(m["not_published"], (*path, "not_published")))
    series = _open_mapping(m["values"], (*path, "values"))
    if not series:
        _fail((*path, "values"), "the series is empty", "数值序列为空")
    values = []
    for key, entry in series.items():
        vpath = (*path, "values", key)
        effective = _date(key, vpath)
        if values and effective <= values[-1].effective:
            _fail(vpath, f"dates must be strictly ascending ({key} follows {values[-1].effective})",
                  f"日期须严格递增（{key} 位于 {values[-1].effective} 之后）")
        e = _mapping(entry, vpath, required=("value", "source"), optional=("explain", "research", "derived"))
        _research(e, vpath)
        source = _source_ref(e["source"], (*vpath, "source"), known_sources)
        values.append(
            DatedValue(
                effective=effective,
                value=_value(e["value"], (*vpath, "value"), name),
                source=source,
                explain=_text(e["explain"], (*vpath, "explain")) if "explain" in e else None,
                derived=_derivation(e["derived"], (*vpath, "derived"), source, known_sources) if "derived" in e else None,
            )
        )
    horizon = _date(m["known_until"], (*path, "known_until")) if "known_until" in m else default_horizon
    return Parameter(name, tuple(values), known_until=horizon)


def _parameters(obj, path, known_sources, default_horizon: date) -> Mapping[str, Parameter]:
    m = _open_mapping(obj, path)
    for name in m:
        if not isinstance(name, str):
            _fail((*path, name), f"unknown parameter '{name}'", f"未知参数“{name}”")
    params = {name: _parameter(v, (*path, name), name, known_sources, default_horizon) for name, v in sorted(m.items())}
    for floor, ceiling in FLOOR_CEILING:
        _floor_not_above_ceiling(params.get(floor), params.get(ceiling), path)
    return MappingProxyType(params)


FLOOR_CEILING = (("base_floor", "base_ceiling"), ("flexible_base_floor", "flexible_base_ceiling"))


def _in_force(param: Parameter, day: date):
    value = None
    for dv in param.values:
        if dv.effective <= day:
            value = dv.value
    return value


def _floor_not_above_ceiling(floor: Parameter | None, ceiling: Parameter | None, path) -> None:
    """On every date either series changes, the floor in force is at most the ceiling in force."""
    if floor is None or ceiling is None:
        return
    for day in sorted({dv.effective for dv in (*floor.values, *ceiling.values)}):
        low, high = _in_force(floor, day), _in_force(ceiling, day)
        if low is not None and high is not None and low > high:
            where = floor if any(dv.effective == day for dv in floor.values) else ceiling
            _fail((*path, where.name, "values", day.isoformat(), "value"),
                  f"from {day} the {floor.name} {low} is above the {ceiling.name} {high}",
                  f"自 {day} 起缴费基数下限 {low} 高于上限 {high}")


def _inherits(obj, path, own: Mapping[str, Parameter], national: Mapping[str, Parameter]) -> tuple[str, ...]:
    """Parameters a region takes from national.yaml: only those it lists, each defined nationally and not locally."""
    if not isinstance(obj, list):
        _fail(path, "expected a list of parameter names", "应为参数名称列表")
    out: list[str] = []
    for i, name in enumerate(obj):
        ipath = (*path, i)
        if not isinstance(name, str) or name not in PARAMETERS:
            _fail(ipath, f"unknown parameter '{name}'", f"未知参数“{name}”")
        if name not in national:
            _fail(ipath, f"national.yaml has no '{name}' to inherit", f"national.yaml 中没有可继承的“{name}”")
        if name in own:
            _fail(ipath, f"'{name}' is both defined here and inherited; keep one", f"“{name}”既在本文件定义又被继承，只能保留一种")
        if name in out:
            _fail(ipath, f"'{name}' is listed twice", f"“{name}”重复列出")
        out.append(name)
    return tuple(sorted(out, key=list(PARAMETERS).index))


def _rounding(obj, path) -> Rounding:
    m = _mapping(obj, path, required=("quantum", "mode"))
    quantum = _number(m["quantum"], (*path, "quantum"))
    if quantum <= 0:
        _fail((*path, "quantum"), "the rounding step must be positive", "舍入单位须为正数")
    mode = m["mode"]
    if mode not in ROUNDING_MODES:
        _fail((*path, "mode"), f"unknown rounding mode '{mode}'", f"未知舍入方式“{mode}”")
    return Rounding(quantum, mode)


def _sources(obj, path, taken: Mapping[str, Source]) -> dict[str, Source]:
    m = _open_mapping(obj, path)
    out = {}
    for sid, entry in m.items():
        spath = (*path, sid)
        _string(sid, spath, SOURCE_ID, "source id", "来源编号")
        if sid in taken:
            _fail(spath, f"source id '{sid}' is already defined in national.yaml", f"来源编号“{sid}”已在 national.yaml 中定义")
        e = _mapping(entry, spath, required=("title", "issuer", "url", "grade"), optional=("doc_no", "published", "research"))
        _research(e, spath)
        if e["grade"] not in GRADES:
            _fail((*spath, "grade"), f"grade must be one of {', '.join(GRADES)}", f"可信度须为 {', '.join(GRADES)} 之一")
        out[sid] = Source(
            id=sid,
            title=_text(e["title"], (*spath, "title")),
            issuer=_text(e["issuer"], (*spath, "issuer")),
            url=_string(e["url"], (*spath, "url"), URL, "http(s) URL", "http(s) 网址"),
            grade=e["grade"],
            doc_no=_string(e["doc_no"], (*spath, "doc_no"), what="document number", what_zh="文号")
            if "doc_no" in e else None,
            published=_date(e["published"], (*spath, "published")) if "published" in e else None,
        )
    return out


def _item(obj, path, known) -> TextItem:
    m = _mapping(obj, path, required=("en", "zh", "sources"))
    refs = m["sources"]
    if not isinstance(refs, list) or not refs:
        _fail((*path, "sources"), "list at least one source id", "请至少列出一个来源编号")
    return TextItem(
        _prose(m["en"], (*path, "en")),
        _prose(m["zh"], (*path, "zh")),
        tuple(_source_ref(r, (*path, "sources", i), known) for i, r in enumerate(refs)),
    )


def _items(obj, path, known, allow_empty=False) -> tuple[TextItem, ...]:
    if not isinstance(obj, list) or (not obj and not allow_empty):
        _fail(path, "expected a list of text items", "应为文本条目列表")
    return tuple(_item(x, (*path, i), known) for i, x in enumerate(obj))


def _region_text(obj, path, known) -> RegionText:
    single = ("summary", "can_i_pay_back", "if_you_do_not_pay", "hardship", "after_leaving_a_job", "retirement")
    m = _mapping(obj, path, required=(*single, "how_to_pay_back", "notes"))
    hpath = (*path, "how_to_pay_back")
    h = _mapping(m["how_to_pay_back"], hpath, required=("steps", "channels", "materials", "time_limits", "fees"))
    how = HowTo(
        steps=_items(h["steps"], (*hpath, "steps"), known),
        channels=_items(h["channels"], (*hpath, "channels"), known),
        materials=_items(h["materials"], (*hpath, "materials"), known),
        time_limits=_item(h["time_limits"], (*hpath, "time_limits"), known),
        fees=_item(h["fees"], (*hpath, "fees"), known),
    )
    parts = {k: _item(m[k], (*path, k), known) for k in single}
    return RegionText(how_to_pay_back=how, notes=_items(m["notes"], (*path, "notes"), known, allow_empty=True), **parts)


def _contacts(obj, path, known) -> tuple[Contact, ...]:
    if not isinstance(obj, list) or not obj:
        _fail(path, "list at least one contact", "请至少列出一个联系方式")
    out = []
    for i, c in enumerate(obj):
        cpath = (*path, i)
        m = _mapping(c, cpath, required=("name", "role", "source"), optional=("phone", "url"))
        if m["role"] not in ROLES:
            _fail((*cpath, "role"), f"role must be one of {', '.join(ROLES)}", f"职责须为 {', '.join(ROLES)} 之一")
        out.append(
            Contact(
                name=_text(m["name"], (*cpath, "name")),
                role=m["role"],
                source=_source_ref(m["source"], (*cpath, "source"), known),
                phone=_string(_whole_number_text(m["phone"]), (*cpath, "phone"), _PHONE, "phone number", "电话号码")
                if "phone" in m else None,
                url=_string(m["url"], (*cpath, "url"), URL, "http(s) URL", "http(s) 网址") if "url" in m else None,
            )
        )
    return tuple(out)


def _version(obj, path):
    if type(obj) is not int or obj != SCHEMA_VERSION:  # true == 1 and 1.0 == 1 in Python: compare the type too
        _fail(path, f"schema_version must be the whole number {SCHEMA_VERSION}", f"格式版本须为整数 {SCHEMA_VERSION}")
    return obj


def _region(obj, path, slug, national_sources, national_parameters, form="full") -> Region:
    drops = CALCULATOR_DROPS if form == "calculator" else ()
    m = _mapping(
        obj, path,
        required=tuple(k for k in ("schema_version", "region", "last_reviewed", "sources", "parameters", "text",
                                   "contacts", "legal_basis") if k not in drops),
        optional=("rounding", "inherits"),
    )
    _version(m["schema_version"], (*path, "schema_version"))
    ident = _mapping(m["region"], (*path, "region"), required=("code", "slug", "name", "province"))
    if ident["slug"] != slug:
        _fail((*path, "region", "slug"), f"slug '{ident['slug']}' does not match the file name '{slug}'",
              f"地区标识“{ident['slug']}”与文件名“{slug}”不一致")
    own = _sources(m["sources"], (*path, "sources"), national_sources)
    known = {**national_sources, **own}
    basis = m["legal_basis"]
    if not isinstance(basis, list) or not basis:
        _fail((*path, "legal_basis"), "list at least one source id", "请至少列出一个来源编号")
    reviewed = _date(m["last_reviewed"], (*path, "last_reviewed"))
    parameters = _parameters(m["parameters"], (*path, "parameters"), known, reviewed)
    return Region(
        code=_string(_whole_number_text(ident["code"]), (*path, "region", "code"), _CODE, "6-digit administrative code",
                     "六位行政区划代码"),
        slug=slug,
        name=_text(ident["name"], (*path, "region", "name")),
        province=_text(ident["province"], (*path, "region", "province")),
        last_reviewed=reviewed,
        rounding=_rounding(m["rounding"], (*path, "rounding")) if "rounding" in m else None,
        parameters=parameters,
        inherits=_inherits(m.get("inherits", []), (*path, "inherits"), parameters, national_parameters),
        text=_region_text(m["text"], (*path, "text"), known) if "text" in m else None,
        contacts=_contacts(m["contacts"], (*path, "contacts"), known) if "contacts" in m else (),
        legal_basis=tuple(_source_ref(r, (*path, "legal_basis", i), known) for i, r in enumerate(basis)),
        sources=tuple(own),
    ), own


class _RegionsOnDemand(Mapping):
    """The regions by slug, each checked by _region (and _required_parameters) the first time it is looked up.
    Iterating gives the slugs without checking anything; values() and items() check every region."""

    def __init__(self, raw: Mapping[str, Any], check):
        self._raw = raw  # slug -> the region's unchecked data, slugs checked and sorted
        self._check = check
        self._regions: dict[str, Region] = {}
        self.own_sources: dict[str, dict[str, Source]] = {}

    def __getitem__(self, slug):
        region = self._regions.get(slug)
        if region is None:
            if slug not in self._raw:
                raise KeyError(slug)
            region, self.own_sources[slug] = self._check(slug)
            self._regions[slug] = region
        return region

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)


class _SourcesOnDemand(Mapping):
    """Every source by id, national ones first; a region's source is checked with its region."""

    def __init__(self, national: Mapping[str, Source], owners: Mapping[str, str], regions: _RegionsOnDemand):
        self._national = national
        self._owners = owners  # regional source id -> the slug that defines it
        self._regions = regions

    def __getitem__(self, sid):
        if sid in self._national:
            return self._national[sid]
        slug = self._owners[sid]
        self._regions[slug]
        return self._regions.own_sources[slug][sid]

    def __iter__(self):
        yield from self._national
        yield from self._owners

    def __len__(self):
        return len(self._national) + len(self._owners)


def _source_owners(regions: Mapping[str, Any], national_sources: Mapping[str, Source]) -> dict[str, str]:
    """Which region defines each regional source id, read from the unchecked data (malformed entries are left to
    _region). Source ids are global: two regions may not define the same one."""
    owners: dict[str, str] = {}
    for slug, raw in regions.items():
        own = raw.get("sources") if isinstance(raw, Mapping) else None
        for sid in own if isinstance(own, Mapping) else ():
            if not isinstance(sid, str) or sid in national_sources:
                continue
            if sid in owners:
                _fail(("regions", slug, "sources", sid), f"source id '{sid}' is already defined by region '{owners[sid]}'",
                      f"来源编号“{sid}”已由地区“{owners[sid]}”定义")
            owners[sid] = slug
    return owners


def _required_parameters(region: Region, path) -> None:
    for name, spec in PARAMETERS.items():
        if spec.required and name not in region.parameters and name not in region.inherits:
            _fail((*path, "parameters", name),
                  f"required parameter '{name}' is missing: give values or not_published, or list it under "
                  "'inherits' to take the national default",
                  f"缺少必需参数“{name}”：请给出 values 或 not_published，或在“inherits”中列出以沿用国家默认值")


def load_rules(data: Mapping[str, Any], *, regions_on_demand: bool = False) -> Rules:
    """Validate ``{"schema_version", "national": {...}, "regions": {slug: {...}}}`` into frozen Rules (with
    ``"form": "calculator"``, the calculator's form: see FORMS).

    ``regions_on_demand``: check national now and each region (and its sources) when first looked up, for the
    browser's start-up, where the build has checked every region already and the worker has checked the file's
    hash. A region's error is then raised by the lookup. By default every region is checked now, in slug order."""
    top = _mapping(data, (), required=("schema_version", "national", "regions"), optional=("form",))
    _version(top["schema_version"], ("schema_version",))
    form = top.get("form", "full")
    if form not in FORMS:
        _fail(("form",), f"form must be one of {', '.join(FORMS)}", f"形式须为 {', '.join(FORMS)} 之一")
    npath = ("national",)
    n = _mapping(top["national"], npath, required=("schema_version", "last_reviewed", "rounding", "sources", "parameters"))
    _version(n["schema_version"], (*npath, "schema_version"))
    national_sources = _sources(n["sources"], (*npath, "sources"), {})
    national_reviewed = _date(n["last_reviewed"], (*npath, "last_reviewed"))
    parameters = _parameters(n["parameters"], (*npath, "parameters"), national_sources, national_reviewed)
    rmap = _open_mapping(top["regions"], ("regions",))
    for slug in rmap:
        _string(slug, ("regions", slug), SLUG, "region slug", "地区标识")
    raw = {slug: rmap[slug] for slug in sorted(rmap)}

    def check(slug):
        path = ("regions", slug)
        region, own = _region(raw[slug], path, slug, national_sources, parameters, form)
        _required_parameters(region, path)
        return region, own

    regions = _RegionsOnDemand(raw, check)
    sources = _SourcesOnDemand(national_sources, _source_owners(raw, national_sources), regions)
    if not regions_on_demand:
        regions = MappingProxyType(dict(regions.items()))
        sources = MappingProxyType(dict(sources.items()))
    return Rules(
        schema_version=SCHEMA_VERSION,
        last_reviewed=national_reviewed,
        rounding=_rounding(n["rounding"], (*npath, "rounding")),
        parameters=parameters,
        national_sources=tuple(national_sources),
        sources=sources,
        regions=regions,
    )


# ---- canonical dict form (round-trips through load_rules) -------------------------------------------


def _text_dict(t: Text) -> dict:
    return {"en": t.en, "zh": t.zh}


def _item_dict(i: TextItem) -> dict:
    return {"en": i.en, "zh": i.zh, "sources": list(i.sources)}


def _source_dict(s: Source) -> dict:
    d: dict[str, Any] = {"title": _text_dict(s.title), "issuer": _text_dict(s.issuer), "url": s.url, "grade": s.grade}
    if s.doc_no:
        d["doc_no"] = s.doc_no
    if s.published:
        d["published"] = s.published.isoformat()
    return d


def _value_text(v):
    if v is None:
        return None
    return v if isinstance(v, int) else as_text(v)


def _parameter_dict(p: Parameter) -> dict:
    if p.not_published:
        return {"not_published": _text_dict(p.not_published)}
    values = {}
    for dv in p.values:
        e: dict[str, Any] = {"value": _value_text(dv.value), "source": dv.source}
        if dv.explain:
            e["explain"] = _text_dict(dv.explain)
        if dv.derived:
            e["derived"] = {"formula": _text_dict(dv.derived.formula), "inputs": list(dv.derived.inputs)}
        values[dv.effective.isoformat()] = e
    return {"values": values, "known_until": p.known_until.isoformat()}


def _rounding_dict(r: Rounding) -> dict:
    return {"quantum": as_text(r.quantum), "mode": r.mode}


def _region_dict(rules: Rules, r: Region, form: str = "full") -> dict:
    d: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "region": {"code": r.code, "slug": r.slug, "name": _text_dict(r.name), "province": _text_dict(r.province)},
        "last_reviewed": r.last_reviewed.isoformat(),
        "sources": {sid: _source_dict(rules.sources[sid]) for sid in r.sources},
        "parameters": {n: _parameter_dict(p) for n, p in r.parameters.items()},
        "legal_basis": list(r.legal_basis),
    }
    if r.rounding:
        d["rounding"] = _rounding_dict(r.rounding)
    if r.inherits:
        d["inherits"] = list(r.inherits)
    if form == "calculator":
        return d
    if r.text is None:
        raise ValueError(f"region {r.slug} was loaded without its text (calculator form): no full form to write")
    t = r.text
    h = t.how_to_pay_back
    d["text"] = {
        "summary": _item_dict(t.summary),
        "can_i_pay_back": _item_dict(t.can_i_pay_back),
        "how_to_pay_back": {
            "steps": [_item_dict(i) for i in h.steps],
            "channels": [_item_dict(i) for i in h.channels],
            "materials": [_item_dict(i) for i in h.materials],
            "time_limits": _item_dict(h.time_limits),
            "fees": _item_dict(h.fees),
        },
        "if_you_do_not_pay": _item_dict(t.if_you_do_not_pay),
        "hardship": _item_dict(t.hardship),
        "after_leaving_a_job": _item_dict(t.after_leaving_a_job),
        "retirement": _item_dict(t.retirement),
        "notes": [_item_dict(i) for i in t.notes],
    }
    d["contacts"] = [
        {k: v for k, v in (("name", _text_dict(c.name)), ("role", c.role), ("phone", c.phone), ("url", c.url),
                           ("source", c.source)) if v is not None}
        for c in r.contacts
    ]
    return d


def rules_to_dict(rules: Rules, form: str = "full") -> dict:
    """Canonical plain-data form: decimals as strings, dates as ISO text; ``load_rules`` reads it back.
    ``form="calculator"``: the calculator's form (see FORMS)."""
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}")
    d = {
        "schema_version": SCHEMA_VERSION,
        "national": {
            "schema_version": SCHEMA_VERSION,
            "last_reviewed": rules.last_reviewed.isoformat(),
            "rounding": _rounding_dict(rules.rounding),
            "sources": {sid: _source_dict(rules.sources[sid]) for sid in rules.national_sources},
            "parameters": {n: _parameter_dict(p) for n, p in rules.parameters.items()},
        },
        "regions": {slug: _region_dict(rules, r, form) for slug, r in rules.regions.items()},
    }
    if form != "full":
        d["form"] = form
    return d
