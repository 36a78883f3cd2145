"""Every sentence the core says, in English and Chinese. Logic elsewhere; wording here."""

from __future__ import annotations

from datetime import date

from .model import Region, Text
from .parameters import label as parameter_label

FIELD_LABELS: dict[str, Text] = {
    "action": Text("action", "操作"),
    "region": Text("region", "地区"),
    "scheme": Text("scheme", "参保类型"),
    "base": Text("monthly base", "月缴费基数"),
    "gap_start": Text("first unpaid month", "断缴起始月"),
    "gap_end": Text("last unpaid month", "断缴结束月"),
    "paid_on": Text("payment date", "补缴日期"),
    "lang": Text("language", "语言"),
    "group": Text("retirement group", "退休人员类别"),
    "birth_month": Text("month of birth", "出生年月"),
    "months_paid": Text("months paid so far", "已累计缴费月数"),
    "local_months_paid": Text("local months paid so far", "本地已实际缴费月数"),
    "as_of": Text("date of the check", "测算日期"),
    "keeps_paying": Text("keeps paying until retirement", "是否持续缴费至退休"),
}


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def no_rule(region: Region, name: str, on: date, reason: str, detail: Text | None = None,
            first: date | None = None) -> Text:
    label = parameter_label(name)
    where_en, where_zh = region.name.en, region.name.zh
    if reason == "not_published":
        en = (f"{where_en} has no published {label.en}, so this guide will not estimate it. "
              f"Ask the local healthcare security office (hotline 12393).")
        zh = f"{where_zh}未公布{label.zh}，本站不作估算。请咨询当地医疗保障部门（热线 12393）。"
        if detail:
            en, zh = f"{en} {detail.en}", f"{zh}{detail.zh}"
        return Text(en, zh)
    if reason == "before_first":
        since_en = f" (its figures start in {_ym(first)})" if first else ""
        since_zh = f"（数据自 {_ym(first)} 起）" if first else ""
        return Text(
            f"This guide has no figure for “{label.en}” in {where_en} for {_ym(on)}{since_en}; "
            f"choose a later month or ask the local office.",
            f"本站没有{where_zh} {_ym(on)} 的“{label.zh}”数据{since_zh}；请选择更晚的月份或咨询当地经办机构。",
        )
    if reason == "stopped":
        return Text(
            f"The {label.en} for {where_en} is not in force in {_ym(on)}.",
            f"{where_zh}的{label.zh}在 {_ym(on)} 不适用。",
        )
    return Text(
        f"This guide has no figure for “{label.en}” in {where_en}.",
        f"本站没有{where_zh}的“{label.zh}”数据。",
    )


def field_label(field: str) -> Text:
    return FIELD_LABELS.get(field, Text(field, field))


def bad_json(detail: str) -> Text:
    return Text(f"The request is not valid JSON ({detail}).", f"请求不是有效的 JSON（{detail}）。")


def not_an_object() -> Text:
    return Text("The request must be a JSON object.", "请求必须是 JSON 对象。")


def missing(field: str) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} is required.", f"请填写{f.zh}。")


def unknown_field(field: str) -> Text:
    return Text(f"'{field}' is not a field this calculator knows.", f"“{field}”不是本计算器支持的字段。")


def must_be_one_of(field: str, allowed: tuple[str, ...]) -> Text:
    f = field_label(field)
    options = ", ".join(allowed)
    return Text(f"The {f.en} must be one of: {options}.", f"{f.zh}须为以下之一：{options}。")


def bad_month(field: str) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} must be a month written YYYY-MM, e.g. 2025-03.", f"{f.zh}须为 YYYY-MM 格式的月份，例如 2025-03。")


def bad_date(field: str) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} must be a date written YYYY-MM-DD, e.g. 2025-07-10.",
                f"{f.zh}须为 YYYY-MM-DD 格式的日期，例如 2025-07-10。")


def bad_base() -> Text:
    return Text(
        "The monthly base must be an amount in yuan greater than 0 with at most two decimals (e.g. 8000), or 'floor'.",
        "月缴费基数须为大于 0、最多两位小数的元金额（例如 8000），或选择按缴费基数下限。",
    )


def base_too_large(limit: str) -> Text:
    return Text(f"The monthly base must not exceed {limit} yuan; check the figure.",
                f"月缴费基数不能超过 {limit} 元，请检查数字。")


def bad_count(field: str, high: int) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} must be a whole number from 0 to {high}.", f"{f.zh}须为 0 到 {high} 之间的整数。")


def bad_bool(field: str) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} must be true or false.", f"{f.zh}须为 true 或 false。")


def unknown_region(slug: str, known: list[Region]) -> Text:
    """Names, not slugs: a reader knows 广州市, not guangzhou."""
    return Text(
        f"This guide has no region '{slug}'. Regions covered: {', '.join(r.name.en for r in known)}.",
        f"本站没有这个地区。已收录：{'、'.join(r.name.zh for r in known)}。",
    )


def control_character(field: str) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} contains a control character or line break; type it again without one.",
                f"{f.zh}含有控制字符或换行符，请重新输入。")


def ascii_digits(field: str, found: str) -> Text:
    f = field_label(field)
    return Text(f"Write the {f.en} with the digits 0-9 ('{found}' is not one of them).",
                f"{f.zh}请使用半角数字 0-9 填写（“{found}”不是半角数字）。")


def year_out_of_range(field: str, low: int, high: int) -> Text:
    f = field_label(field)
    return Text(f"The {f.en} must be in the years {low} to {high}.", f"{f.zh}须在 {low} 年至 {high} 年之间。")


def too_deep(limit: int) -> Text:
    return Text(f"The request nests lists or objects more than {limit} levels deep.",
                f"请求中的列表或对象嵌套超过 {limit} 层。")


def gap_reversed() -> Text:
    return Text("The last unpaid month is before the first unpaid month.", "断缴结束月早于断缴起始月。")


def gap_too_long(limit: int) -> Text:
    return Text(f"A gap longer than {limit} months is outside what this calculator handles; ask the local office.",
                f"断缴超过 {limit} 个月不在本计算器范围内，请咨询当地经办机构。")


def paid_before_gap() -> Text:
    return Text("The payment date is before the first unpaid month.", "补缴日期早于断缴起始月。")


def gap_after_payment() -> Text:
    return Text("The gap cannot end after the month of the payment date.", "断缴结束月不能晚于补缴日期所在月份。")


def local_more_than_total() -> Text:
    return Text("Local months cannot exceed the months paid in total.", "本地缴费月数不能超过累计缴费月数。")


def birth_after_check() -> Text:
    return Text("The month of birth must be before the date of the check.", "出生年月须早于测算日期。")


def birth_too_early() -> Text:
    return Text("The month of birth must be 1940 or later.", "出生年月须在 1940 年或之后。")


# ---- consequences and notes -------------------------------------------------------------------------

def clamped(kind: str, limit: str) -> Text:
    if kind == "floor":
        return Text(f"raised to the floor {limit}", f"低于下限，按下限 {limit} 计")
    return Text(f"lowered to the ceiling {limit}", f"高于上限，按上限 {limit} 计")


def base_clamped_note(months: int, kind: str) -> Text:
    if kind == "floor":
        return Text(f"The declared base is below the floor in {months} month(s); the floor is used there.",
                    f"申报基数有 {months} 个月低于下限，这些月份按下限计算。")
    return Text(f"The declared base is above the ceiling in {months} month(s); the ceiling is used there.",
                f"申报基数有 {months} 个月高于上限，这些月份按上限计算。")


def late_fee_employer() -> Text:
    return Text(
        "Late fees on employer arrears are the employer's to pay (Social Insurance Law Art. 86); the employer may "
        "not pass them on to the employee. The due date used is an estimate unless the region's source says otherwise.",
        "单位欠缴产生的滞纳金由单位承担（《社会保险法》第八十六条），单位不得要求职工承担。"
        "除非地区来源另有规定，所用缴费截止日为估算。",
    )


def no_flexible_late_fee() -> Text:
    return Text("No late fee is shown for flexible workers: this region's rules seen do not charge one.",
                "未显示灵活就业人员滞纳金：所见该地区规定未对其收取滞纳金。")


def flexible_not_repayable(window: int) -> Text:
    if window == 0:
        return Text("This region does not let flexible workers pay back missed months; the gap stays unpaid and "
                    "payment simply resumes from now on.",
                    "该地区不允许灵活就业人员补缴已断缴的月份；断缴期间无法补回，只能从现在起继续缴费。")
    return Text(f"The gap has been open longer than the {window} month(s) in which flexible workers may pay back, "
                "so these months can no longer be paid; the totals include none of them.",
                f"断缴时间已超过灵活就业人员可补缴的 {window} 个月，这些月份已不能补缴；合计中不含这些月份。")


def weak_sources(count: int) -> Text:
    return Text(f"{count} of the figures used rest on secondary or unverified sources; check them with the local office.",
                f"所用数字中有 {count} 项来自二手或未经核实的来源，请向当地经办机构核实。")


def fixed_amount_note() -> Text:
    return Text("Flexible workers here pay a fixed monthly amount, so the declared base is not used.",
                "该地区灵活就业人员按固定月缴费额缴纳，不使用申报基数。")


def _waiting(waiting: int) -> Text:
    if waiting == 0:
        return Text("", "")
    return Text(f" after a waiting period of {waiting} month(s)", f"（等待期 {waiting} 个月）")


def summary(
    in_window: bool, scheme: str, stop: str, resume: str, waiting: int, restored: bool, repayable: bool
) -> Text:
    wait = _waiting(waiting)
    if scheme == "flexible" and not repayable:
        return Text(
            f"Benefits stop from {stop}. These months cannot be paid back; if you start paying again, benefits "
            f"resume from {resume}{wait.en}.",
            f"自 {stop} 起暂停待遇。这些月份已不能补缴；重新缴费后，自 {resume} 起恢复待遇{wait.zh}。",
        )
    if in_window and restored:
        return Text(
            f"Benefits stop from {stop}. Paid back within the window, the gap counts as covered: costs during the "
            f"gap can be claimed afterwards and benefits continue from {resume}.",
            f"自 {stop} 起暂停待遇。在期限内补缴后，断缴期间视为连续参保：期间的医疗费用可按规定追溯报销，"
            f"自 {resume} 起继续享受待遇。",
        )
    return Text(
        f"Benefits stop from {stop}. Paid back after the window, the months still count toward your years, but costs "
        f"during the gap are not reimbursed; benefits resume from {resume}{wait.en}.",
        f"自 {stop} 起暂停待遇。超过期限补缴的，月份仍计入缴费年限，但断缴期间的医疗费用不予报销；"
        f"自 {resume} 起恢复待遇{wait.zh}。",
    )


def continuity(in_window: bool, repayable: bool) -> Text:
    if in_window and repayable:
        return Text("Continuity kept: the record shows no break once paid.", "缴费连续：补缴后记录无中断。")
    if repayable:
        return Text("Continuity broken: the paid-back months add to your accumulated years, but the record shows a break.",
                    "缴费中断：补缴月份计入累计年限，但记录显示中断。")
    return Text("Continuity broken and the gap months do not count toward your years.",
                "缴费中断，断缴月份不计入缴费年限。")


def retirement_no_makeup() -> Text:
    return Text("This region publishes no make-up formula this guide could find; ask the local office for the amount.",
                "本站未找到该地区公布的补缴计算办法；具体金额请咨询当地经办机构。")


def retirement_makeup_estimate() -> Text:
    return Text("The make-up is estimated with today's standard; the real amount uses the standard in force when you pay.",
                "补缴金额按当前标准估算；实际金额以缴费时适用的标准为准。")


def retirement_age_rule() -> Text:
    return Text(
        "Retirement month from the 2025 State Council measures on raising the statutory retirement age "
        "(born in month B, original age A: B + A years, plus the delay for that cohort). Early or late "
        "retirement by choice is not modelled.",
        "退休月份依据2025年起实施的《国务院关于渐进式延迟法定退休年龄的办法》计算（原退休年龄加上对应出生年月的延迟月数）；"
        "未计入弹性提前或延后退休。",
    )


def no_local_rule() -> Text:
    return Text("This guide found no local-years requirement for this region.", "本站未找到该地区关于本地实际缴费年限的要求。")


# ---- how sure an answer is (DESIGN §3a; issue #13) ----------------------------------------------------
# Generated from the parameter label, the region's name and the dates: never hand-written per case.


def _label(name: str) -> Text:
    return parameter_label(name)


def provisional_past_horizon(region: Region, month: str, used: list[tuple[str, date, date]]) -> Text:
    """``used``: (parameter name, effective date of the value used, known_until) for each value past its horizon."""
    groups: dict[tuple[date, date], list[str]] = {}
    for name, effective, until in used:
        groups.setdefault((until, effective), []).append(name)
    en_parts, zh_parts = [], []
    for (until, effective), names in groups.items():
        en = " and ".join(_label(n).en for n in names)
        zh = "、".join(_label(n).zh for n in names)
        en_parts.append(f"the {en} for {region.name.en} {'is' if len(names) == 1 else 'are'} confirmed only until "
                        f"{until.isoformat()}, so {month} uses the value in force from {effective.isoformat()}")
        zh_parts.append(f"{region.name.zh}的{zh}仅确认至 {until.isoformat()}，{month} 按自 {effective.isoformat()} 起的数值计算")
    return Text(f"Provisional: {'; '.join(en_parts)}, which may still change.",
                f"暂定：{'；'.join(zh_parts)}，可能仍有变动。")


def provisional_future(month: str, paid_on: date) -> Text:
    return Text(
        f"Provisional: {month} is after the payment date {paid_on.isoformat()}, so its figures are not known yet; "
        "this uses the latest values known.",
        f"暂定：{month} 晚于补缴日期 {paid_on.isoformat()}，其适用数值尚不可知；此处按最新已知数值计算。",
    )


def _cite(title: Text, doc_no: str | None) -> Text:
    if doc_no:
        return Text(f"{title.en}, {doc_no}", f"{title.zh}（{doc_no}）")
    return title


def uncertain_national_default(region: Region, name: str, title: Text, doc_no: str | None, grade: str) -> Text:
    label, cite = _label(name), _cite(title, doc_no)
    if grade == "unverified":
        return Text(
            f"The {label.en} for {region.name.en} is not a local rule found by this guide: it is this guide's own "
            "cautious default, stated in no document seen.",
            f"{region.name.zh}的{label.zh}并非本站找到的本地规定，而是本站的审慎默认假设，未见于任何文件。",
        )
    return Text(
        f"The {label.en} for {region.name.en} is not a local rule found by this guide: it is the national default "
        f"({cite.en}).",
        f"{region.name.zh}的{label.zh}并非本站找到的本地规定，而是国家默认规定（{cite.zh}）。",
    )


def uncertain_derived(region: Region, name: str, formula: Text) -> Text:
    label = _label(name)
    return Text(
        f"The {label.en} for {region.name.en} is worked out by this guide ({formula.en}), not stated in a document.",
        f"{region.name.zh}的{label.zh}由本站推算（{formula.zh}），并非文件原文。",
    )


def uncertain_grade(region: Region, name: str, grade: str, title: Text) -> Text:
    label = _label(name)
    if grade == "unverified":
        return Text(
            f"The {label.en} for {region.name.en} rests on an unverified source ({title.en}).",
            f"{region.name.zh}的{label.zh}来自未经核实的来源（{title.zh}）。",
        )
    return Text(
        f"The {label.en} for {region.name.en} comes from a secondary source ({title.en}), not an official text.",
        f"{region.name.zh}的{label.zh}来自二手来源（{title.zh}），未读到官方文件。",
    )


def _why_unconfirmed(bases: set[str]) -> Text:
    if "national_default" in bases:
        return Text("no local rule was found, so this follows the national default",
                    "未找到本地规定，此处按国家默认规定")
    if "derived" in bases:
        return Text("the local rule is worked out by this guide", "本地规定由本站推算")
    return Text("the local rule rests on an unverified source", "本地规定来自未经核实的来源")


def with_certainty(certainty: str, region: Region, text: Text, bases: set[str]) -> Text:
    """A verdict sentence worded by how sure it is: as is (official), "Probably" (reported), "Not confirmed"."""
    if certainty == "official":
        return text
    if certainty == "reported":
        return Text(f"Probably (the local rule comes from a secondary source): {text.en}",
                    f"大概如此（本地规定来自二手来源）：{text.zh}")
    why = _why_unconfirmed(bases)
    return Text(f"Not confirmed for {region.name.en} ({why.en}): {text.en}",
                f"{region.name.zh}的本地规定未经确认（{why.zh}）：{text.zh}")


def retirement_summary(certainty: str, region: Region, years: int, retire: str, short: int, local_short: int,
                       local_years: int) -> Text:
    """The shortfall verdict; definite only when the required years rest on an official local text."""
    need = max(short, local_short)
    where_en, where_zh = region.name.en, region.name.zh
    local_en = f" ({local_years} of them in {where_en})" if local_years else ""
    local_zh = f"（其中本地 {local_years} 年）" if local_years else ""
    if need == 0:
        fact = Text(f"you would have the {years} years{local_en} that {where_en} requires at retirement ({retire})",
                    f"到退休时（{retire}）可达到{where_zh}要求的 {years} 年{local_zh}")
    else:
        fact = Text(f"you would be {need} months short of the {years} years{local_en} that {where_en} requires at "
                    f"retirement ({retire})",
                    f"到退休时（{retire}）距{where_zh}要求的 {years} 年{local_zh}还差 {need} 个月")
    if certainty == "official":
        return Text(fact.en[0].upper() + fact.en[1:] + ".", fact.zh + "。")
    if certainty == "reported":
        about = Text(fact.en.replace(f"be {need} months", f"be about {need} months"),
                     fact.zh.replace(f"还差 {need}", f"大约还差 {need}"))
        return Text(f"Probably {about.en} (the requirement comes from a secondary source).",
                    f"大概{about.zh}（该要求来自二手来源）。")
    if need == 0:
        return Text(f"If the local requirement is as reported — not confirmed — {fact.en}.",
                    f"如本地要求确如所报（未经确认），{fact.zh}。")
    return Text(
        f"About {need} months short at retirement ({retire}) of the {years} years{local_en} reported as required in "
        f"{where_en}, if the local requirement is as reported — not confirmed. Ask the local office before relying on it.",
        f"如{where_zh}的要求确为所报的 {years} 年{local_zh}，到退休时（{retire}）大约还差 {need} 个月——该要求未经确认，"
        "请先向当地经办机构核实。",
    )
