"""Command line: ``python -m calculator quote|retirement ...``. Bad input: one line on stderr, exit status 2.

The flags are the request's keys with hyphens (``--gap-start`` is ``gap_start``). Rules come from the
canonical JSON the build writes (``build/rules.json``; ``make rules`` refreshes it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import messages as msg
from .browser import calculate, load_rules_json
from .errors import CalcError
from .model import Text
from .schema import PolicyError

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "build" / "rules.json"
MAX_RULES_BYTES = 5_000_000  # the canonical rules are about 300 KB


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage over several lines
        sys.stderr.write(f"error: {message} / 参数错误：{message}\n")
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m calculator", description="Employee medical insurance pay-back calculator.")
    p.add_argument("--rules", default=os.environ.get("CALCULATOR_RULES", str(DEFAULT_RULES)),
                   help="canonical rules JSON (default: build/rules.json)")
    sub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = sub.add_parser("quote", help="what paying back a gap costs")
    for flag in ("region", "scheme", "base", "gap-start", "gap-end", "paid-on"):
        q.add_argument(f"--{flag}")
    r = sub.add_parser("retirement", help="years at retirement (Art. 27)")
    for flag in ("region", "group", "birth-month", "months-paid", "local-months-paid", "as-of", "keeps-paying"):
        r.add_argument(f"--{flag}")
    for s in (q, r):
        s.add_argument("--lang", choices=("en", "zh"))
        s.add_argument("--json", action="store_true", help="print the JSON result")
    return p


def _fail(code_message: Text, field: str | None) -> int:
    where = f" [{field}]" if field else ""
    sys.stderr.write(f"error{where}: {code_message.en} / {code_message.zh}\n")
    return 2


def _ascii_safe_output() -> None:
    """A terminal whose encoding cannot hold Chinese (latin-1, C locale, GBK and stray surrogates) gets
    backslash escapes instead of a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _read_rules(path: str) -> str:
    """The rules file's text, refusing anything larger than MAX_RULES_BYTES before reading it all."""
    with open(path, "rb") as f:
        data = f.read(MAX_RULES_BYTES + 1)
    if len(data) > MAX_RULES_BYTES:
        raise ValueError(f"larger than {MAX_RULES_BYTES // 1_000_000} MB")
    return data.decode("utf-8")


def _load_rules(path: str):
    """Rules, or the exit status after a one-line bilingual error."""
    try:
        return load_rules_json(_read_rules(path))
    except OSError:
        return _fail(Text(f"rules file {path} not found; run `make rules` first",
                          f"未找到规则文件 {path}；请先运行 `make rules`"), "rules")
    except PolicyError as exc:
        return _fail(Text(f"rules file {path} is invalid: {exc.dotted}: {exc.message.en}",
                          f"规则文件 {path} 无效：{exc.dotted}：{exc.message.zh}"), "rules")
    except ValueError as exc:  # not UTF-8, not JSON, too large or too deep
        detail = str(exc)[:120]
        return _fail(Text(f"rules file {path} is invalid: {detail}", f"规则文件 {path} 无效（不是有效的规则 JSON）：{detail}"),
                     "rules")


def main(argv: list[str] | None = None) -> int:
    _ascii_safe_output()
    args = _parser().parse_args(argv)
    request = {k: v for k, v in vars(args).items() if k not in ("rules", "json") and v is not None}
    rules = _load_rules(args.rules)
    if isinstance(rules, int):
        return rules
    try:
        result = calculate(rules, request)
    except CalcError as exc:
        return _fail(exc.message, exc.field)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2))
    else:
        print(render(result, args.lang or "en"))
    return 0


def render(result: dict, lang: str) -> str:
    """A plain-text summary for people; the JSON is the contract."""
    zh = lang == "zh"
    pick = (lambda t: t["zh"]) if zh else (lambda t: t["en"])
    out = [f"{pick(result['region']['name'])}"]
    if result["action"] == "quote":
        head = ("月份", "基数", "单位", "个人", "附加", "合计", "逾期天数", "滞纳金", "可补缴") if zh else (
            "month", "base", "employer", "individual", "add-ons", "total", "days late", "late fee", "repayable")
        out.append("  ".join(f"{h:>10}" for h in head))
        for ln in result["lines"]:
            base = (ln["base"] or "-") + ("*" if ln["base_clamped"] else "")
            month = ln["month"] + ("~" if ln.get("provisional") else "")  # ~ marks a provisional month
            row = (month, base, ln["employer"], ln["individual"], ln["addons"], ln["total"],
                   str(ln["days_late"]), ln["late_fee"], ("是" if zh else "yes") if ln["repayable"] else ("否" if zh else "no"))
            out.append("  ".join(f"{c:>10}" for c in row))
        t = result["totals"]
        labels = ("本金", "滞纳金", "合计", "单位承担", "个人承担") if zh else (
            "principal", "late fee", "total", "employer pays", "individual pays")
        for label, key in zip(labels, ("principal", "late_fee", "total", "employer", "individual"), strict=True):
            out.append(f"{label}: {t[key]}")
        if t.get("estimate"):
            out.append("以上金额为估算。" if zh else "These amounts are an estimate.")
        provisional = [ln for ln in result["lines"] if ln.get("provisional")]
        if provisional:  # one reason shown; the others differ only in the month
            more = len(provisional) - 1
            out.append("~ " + pick(provisional[0]["provisional_reason"]) + (
                (f"（另有 {more} 个月同样暂定）" if zh else f" (and {more} more month(s) likewise)") if more else ""))
        out.append(pick(result["consequences"]["summary"]))
        out.append(pick(result["consequences"]["continuity"]))
        out.extend("? " + pick(r) for r in result["consequences"].get("uncertain_because", []))
    else:
        age = result["retirement_age"]
        out.append(("退休月份" if zh else "retirement month") + f": {result['retirement_month']} "
                   f"({age['years']}y{age['months']}m)")
        hedge = {"reported": ("（大概）", " (probably)"), "unconfirmed": ("（未经确认）", " (not confirmed)")}.get(
            result.get("certainty"), ("", ""))
        for key in ("required_months", "projected_months", "shortfall_months", "required_local_months",
                    "projected_local_months", "local_shortfall_months"):
            mark = (hedge[0] if zh else hedge[1]) if key.startswith(("required", "shortfall", "local_shortfall")) else ""
            out.append(f"{msg.FIELD_LABELS.get(key, Text(key, key)).get(lang)}: {result[key]}{mark}")
        if result.get("summary"):
            out.append(pick(result["summary"]))
        out.extend("? " + pick(r) for r in result.get("uncertain_because", []))
        if result["makeup"]:
            m = result["makeup"]
            out.append(("补缴估算" if zh else "make-up estimate") + f": {m['months']} × {m['monthly']} = {m['total']}")
    out.extend("- " + pick(n) for n in result["notes"])
    out.append(("来源" if zh else "sources") + ":")
    for sid, s in result["sources"].items():
        doc = f" {s['doc_no']}" if s["doc_no"] else ""
        out.append(f"  [{sid}] {pick(s['title'])}{doc} ({s['grade']}) {s['url']}")
    return "\n".join(out)
