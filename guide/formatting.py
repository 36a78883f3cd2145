"""Values as readers see them: money, rates, counts, grade badges (display only: never arithmetic on amounts)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from typing import Any

from markupsafe import Markup

from calculator.model import PARAMETERS, WEAK_GRADES, Kind, Text

GRADE_LABELS = {
    "official": Text("official", "官方"),
    "official-copy": Text("official (archived copy)", "官方（存档副本）"),
    "official-cited": Text("official (quoted)", "官方（引文）"),
    "secondary": Text("secondary", "二手来源"),
    "unverified": Text("unverified", "未核实"),
    "not_published": Text("not published", "未公布"),
}
GRADE_ORDER = ("official", "official-copy", "official-cited", "secondary", "unverified", "not_published")
ROLE_LABELS = {
    "records": Text("Social security records (人社)", "社保登记与记录（人社部门）"),
    "collects": Text("Collects contributions (税务)", "征收社保费（税务部门）"),
    "benefits": Text("Medical insurance benefits (医保)", "医保待遇（医保部门）"),
    "other": Text("Other", "其他"),
}
# Parameters shown in the comparison table, in column order.


def fmt_money(value: Any) -> str:
    return "¥" + f"{Decimal(str(value)):,.2f}"


def fmt_rate(value: Any) -> str:
    """A ratio shown as a percentage: the decimal point moves two places (scaleb), nothing is rounded."""
    pct = Decimal(str(value)).scaleb(2).normalize()
    return f"{pct:f}%"


def fmt_count(name: str, value: int, lang: str) -> str:
    if name.endswith("_months"):
        return f"{value} 个月" if lang == "zh" else f"{value} month{'s' if value != 1 else ''}"
    if "years" in name:
        return f"{value} 年" if lang == "zh" else f"{value} years"
    if name == "due_day":
        return f"第 {value} 日（超出当月天数按月末）" if lang == "zh" else f"day {value} (or the month's last day)"
    if name == "due_month_offset":
        if value == 0:
            return "当月" if lang == "zh" else "same month"
        return f"次 {value} 月" if lang == "zh" else f"{value} month(s) later"
    return str(value)


def fmt_value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "不适用" if lang == "zh" else "not in force"
    kind = PARAMETERS[name].kind
    if kind is Kind.MONEY:
        return fmt_money(value)
    if kind is Kind.RATE:
        return fmt_rate(value)
    return fmt_count(name, int(value), lang)


def plain(markdown: str) -> str:
    """Markdown -> plain text for meta tags and JSON-LD."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def image_alt(text: str) -> str:
    """Plain text safe as Markdown image alt text (no emphasis, links or line breaks)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", re.sub(r"\s+", " ", str(text)).strip())


def grade_badge(grade: str, lang: str) -> Markup:
    """HTML, so it is also safe inside the templates' autoescaped HTML blocks."""
    label = escape(GRADE_LABELS[grade].get(lang), quote=False)
    mark = "⚠ " if grade in WEAK_GRADES else ""
    return Markup(f'<span class="mi-grade mi-grade--{escape(grade)}">{mark}{label}</span>')


def tojson_line(value: Any) -> str:
    """JSON on one line, safe in YAML front matter and inside <script> (no raw <, >, &)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
