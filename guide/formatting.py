"""Values as readers see them: money, rates, counts, grade badges (display only: never arithmetic on amounts)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from typing import Any

from markupsafe import Markup

from calculator.model import WEAK_GRADES
from calculator.parameters import PARAMETERS, Kind

from .wording import Wording

GRADE_ORDER = ("official", "official-copy", "official-cited", "secondary", "unverified", "not_published")


def fmt_money(value: Any) -> str:
    return "¥" + f"{Decimal(str(value)):,.2f}"


def fmt_rate(value: Any) -> str:
    """A ratio shown as a percentage: the decimal point moves two places (scaleb), nothing is rounded."""
    pct = Decimal(str(value)).scaleb(2).normalize()
    return f"{pct:f}%"


def grade_label(grade: str, w: Wording) -> str:
    return w("grade_" + grade.replace("-", "_"))


def role_label(role: str, w: Wording) -> str:
    return w("role_" + role)


def fmt_count(name: str, value: int, w: Wording) -> str:
    if name.endswith("_months"):
        return w("count_month" if value == 1 else "count_months", n=value)
    if "years" in name:
        return w("count_years", n=value)
    if name == "due_day":
        return w("count_due_day", n=value)
    if name == "due_month_offset":
        return w("count_same_month") if value == 0 else w("count_months_later", n=value)
    return str(value)


def fmt_value(name: str, value: Any, w: Wording) -> str:
    if value is None:
        return w("value_not_in_force")
    kind = PARAMETERS[name].kind
    if kind is Kind.MONEY:
        return fmt_money(value)
    if kind is Kind.RATE:
        return fmt_rate(value)
    return fmt_count(name, int(value), w)


def plain(markdown: str) -> str:
    """Markdown -> plain text for meta tags and JSON-LD."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def image_alt(text: str) -> str:
    """Plain text safe as Markdown image alt text (no emphasis, links or line breaks)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", re.sub(r"\s+", " ", str(text)).strip())


def grade_badge(grade: str, w: Wording) -> Markup:
    """HTML, so it is also safe inside the templates' autoescaped HTML blocks."""
    label = escape(grade_label(grade, w), quote=False)
    mark = "⚠ " if grade in WEAK_GRADES else ""
    return Markup(f'<span class="mi-grade mi-grade--{escape(grade)}">{mark}{label}</span>')


def tojson_line(value: Any) -> str:
    """JSON on one line, safe in YAML front matter and inside <script> (no raw <, >, &)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
