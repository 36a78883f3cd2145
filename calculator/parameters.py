"""One description per parameter: kind, bounds, whether every region needs it, its label and its meaning.

The loader (schema.py) checks values against it, the pages and the widget take their labels from it, the
editors' guide table (policies/README.md) and the published JSON Schema (guide/api.py) are generated from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from .model import Text
from .record import Record, setfield


class Kind(Enum):
    MONEY = "money"  # CNY per month, >= 0
    RATE = "rate"  # ratio in 0..1
    COUNT = "count"  # whole number within per-parameter bounds


# How each kind is written in the data, for the editors' guide and the JSON Schema.
UNITS = {
    Kind.MONEY: Text("yuan a month, exact decimal", "元/月，精确小数"),
    Kind.RATE: Text("ratio, 0.02 = 2 %", "比例，0.02 即 2%"),
}
COUNT_UNITS = {"months": Text("months", "个月"), "years": Text("years", "年"), "day": Text("day of the month", "日"),
               "offset": Text("months after the contribution month", "缴费所属月之后的月数")}


class Spec(Record):
    kind: Kind
    label: Text
    meaning: Text
    low: int
    high: int
    required: bool  # every region must define it (itself or through national.yaml)
    count_unit: str | None  # for counts: a key of COUNT_UNITS

    __match_args__ = ("kind", "label", "meaning", "low", "high", "required", "count_unit")
    __slots__ = __match_args__

    def __init__(
        self,
        kind: Kind,
        label: Text,
        meaning: Text,
        low: int = 0,
        high: int = 0,
        required: bool = False,
        count_unit: str | None = None,
    ):
        setfield(self, "kind", kind)
        setfield(self, "label", label)
        setfield(self, "meaning", meaning)
        setfield(self, "low", low)
        setfield(self, "high", high)
        setfield(self, "required", required)
        setfield(self, "count_unit", count_unit)

    @property
    def unit(self) -> Text:
        return COUNT_UNITS[self.count_unit] if self.kind is Kind.COUNT else UNITS[self.kind]


def _money(label: Text, meaning: Text, required: bool = False) -> Spec:
    return Spec(Kind.MONEY, label, meaning, required=required)


def _rate(label: Text, meaning: Text, required: bool = False) -> Spec:
    return Spec(Kind.RATE, label, meaning, required=required)


def _count(label: Text, meaning: Text, low: int, high: int, unit: str, required: bool = False) -> Spec:
    return Spec(Kind.COUNT, label, meaning, low, high, required, unit)


T = Text
PARAMETERS: Mapping[str, Spec] = {
    "base_floor": _money(T("contribution base floor", "缴费基数下限"),
                         T("lowest monthly base an employee contributes on", "职工缴费基数的最低月额"), True),
    "base_ceiling": _money(T("contribution base ceiling", "缴费基数上限"),
                           T("highest monthly base an employee contributes on", "职工缴费基数的最高月额"), True),
    "employer_rate": _rate(T("employer rate", "单位缴费比例"),
                           T("employer's share of the base, maternity included where merged", "单位缴费占基数的比例（已合并生育保险的含生育）"), True),
    "individual_rate": _rate(T("individual rate", "个人缴费比例"),
                             T("employee's share of the base, withheld from the wage", "个人缴费占基数的比例，由单位从工资中代扣"), True),
    "individual_addon": _money(T("individual fixed add-on", "个人固定附加费"),
                               T("fixed monthly amount the employee pays on top of the rate (e.g. a serious-illness mutual-aid fee)", "个人在费率之外每月另缴的固定金额（如大额医疗互助费）")),
    "flexible_base_floor": _money(T("flexible-employment base floor", "灵活就业缴费基数下限"),
                                  T("lowest base a flexible worker may choose; when absent the employee limits apply", "灵活就业人员可选缴费基数的最低额；未规定时适用职工基数上下限")),
    "flexible_base_ceiling": _money(T("flexible-employment base ceiling", "灵活就业缴费基数上限"),
                                    T("highest base a flexible worker may choose", "灵活就业人员可选缴费基数的最高额")),
    "flexible_rate": _rate(T("flexible-employment rate", "灵活就业缴费比例"),
                           T("share of the chosen base a flexible worker pays, all of it", "灵活就业人员按所选基数全额缴纳的比例"), True),
    "flexible_addon": _money(T("flexible-employment fixed add-on", "灵活就业固定附加费"),
                             T("fixed monthly amount a flexible worker pays on top", "灵活就业人员每月另缴的固定金额")),
    "flexible_fixed_amount": _money(T("flexible-employment fixed monthly amount", "灵活就业固定月缴费额"),
                                    T("a fixed monthly sum instead of base × flexible rate while in force; a later null hands back to the rate", "生效期间以固定月缴费额代替基数乘比例；其后为 null 时改回按比例计算")),
    "late_fee_daily_rate": _rate(T("daily late-fee rate", "滞纳金日费率"),
                                 T("late fee per day on employer arrears, from the day they began (national: 0.0005, Social Insurance Law Art. 86)", "单位欠费自欠缴之日起每日加收的滞纳金比例（全国：万分之五，《社会保险法》第八十六条）"), True),
    "flexible_late_fee_daily_rate": _rate(T("flexible-employment daily late-fee rate", "灵活就业滞纳金日费率"),
                                          T("late fee per day a flexible worker pays on late months, where charged", "灵活就业人员逾期缴费每日加收的比例（如有）")),
    "due_month_offset": _count(T("due month", "缴费截止月份"),
                               T("contributions for month M are due in month M + this offset", "M 月的费用须在 M 月之后第若干个月内缴纳"), 0, 3, "offset", True),
    "due_day": _count(T("due day", "缴费截止日"),
                      T("day of the due month by which payment is due (the month's last day if shorter)", "截止月中的截止日（当月天数不足的按月末）"), 1, 31, "day", True),
    "benefits_stop_offset_months": _count(T("when benefits stop", "待遇暂停时间"),
                                          T("months after the first unpaid month until benefits stop", "自断缴首月起至暂停待遇的月数"), 0, 12, "months", True),
    "employee_restore_window_months": _count(T("employer arrears restore window", "单位欠费补缴恢复待遇期限"),
                                             T("employer arrears settled within this many months (from the first unpaid month to the month before payment) restore the gap's benefits; 0: never", "单位欠费自断缴首月起（至补缴前一月）在此期限内补缴的，断缴期间待遇可恢复；0 表示不恢复"), 0, 120, "months", True),
    "employee_waiting_period_months": _count(T("waiting period after employer arrears", "单位欠费后的待遇等待期"),
                                             T("after arrears settled outside the window: months after the payment month before benefits resume", "超出期限补缴的，自补缴月之后到恢复待遇的等待月数"), 0, 24, "months", True),
    "flexible_repay_window_months": _count(T("flexible-employment pay-back window", "灵活就业补缴期限"),
                                           T("how many months back a flexible worker may still pay; repaid months restore benefits; 0: no pay-back at all", "灵活就业人员可补缴的月数，补缴后恢复待遇；0 表示不可补缴"), 0, 120, "months", True),
    "flexible_waiting_period_months": _count(T("flexible-employment waiting period", "灵活就业待遇等待期"),
                                             T("a flexible worker whose gap is beyond the window waits this many months after the payment month", "灵活就业人员断缴超出补缴期限的，自缴费月之后的待遇等待月数"), 0, 24, "months", True),
    "retirement_years_men": _count(T("years required at retirement (men)", "退休时累计缴费年限（男）"),
                                   T("accumulated years a man needs to keep cover in retirement (Art. 27), as in force in his retirement month", "男性退休后继续享受待遇所需的累计缴费年限（第二十七条），按退休当月适用的规定"), 0, 50, "years", True),
    "retirement_years_women": _count(T("years required at retirement (women)", "退休时累计缴费年限（女）"),
                                     T("accumulated years a woman needs to keep cover in retirement (Art. 27), as in force in her retirement month", "女性退休后继续享受待遇所需的累计缴费年限（第二十七条），按退休当月适用的规定"), 0, 50, "years", True),
    "retirement_local_years": _count(T("local years required at retirement", "退休时本地实际缴费年限"),
                                     T("of those years, how many must be actual years in this region (0: no local rule)", "其中须在本地实际缴费的年限（0 表示无本地要求）"), 0, 50, "years"),
    "retirement_makeup_base": _money(T("retirement make-up base", "退休补缴基数"),
                                     T("monthly base the missing years are bought at", "补足年限时采用的月缴费基数")),
    "retirement_makeup_rate": _rate(T("retirement make-up rate", "退休补缴比例"),
                                    T("one missing month costs make-up base × this rate", "每缺一个月按补缴基数乘此比例缴纳")),
}
del T


def label(name: str) -> Text:
    """A parameter's name as readers see it (the name itself for one this table does not know)."""
    spec = PARAMETERS.get(name)
    return spec.label if spec else Text(name, name)
