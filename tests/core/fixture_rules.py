"""A small, fully synthetic rule set for the core's unit tests (no files, so it also runs inside Pyodide).

Testville changes its base on 2025-01-01 and its employer rate on 2025-07-01; flexible workers may pay
back 3 months; employer arrears restore benefits within 3 months.
"""

import copy

SRC = {"title": {"en": "Test notice", "zh": "测试通知"}, "issuer": {"en": "Test bureau", "zh": "测试局"},
       "url": "https://example.gov.cn/notice", "grade": "official"}


def _item(text="x"):
    return {"en": text, "zh": text, "sources": ["t-notice"]}


def series(*pairs, source="t-notice"):
    return {"values": {d: {"value": v, "source": source} for d, v in pairs}}


NATIONAL = {
    "schema_version": 1,
    "last_reviewed": "2026-01-01",
    "rounding": {"quantum": "0.01", "mode": "ROUND_HALF_UP"},
    "sources": {"law": dict(SRC, grade="official-copy")},
    "parameters": {
        "late_fee_daily_rate": series(("2011-07-01", "0.0005"), source="law"),
        "due_month_offset": series(("2011-07-01", 0), source="law"),
        "due_day": series(("2011-07-01", 31), source="law"),
        "benefits_stop_offset_months": series(("2011-07-01", 1), source="law"),
        "employee_restore_window_months": series(("2011-07-01", 3), source="law"),
        "employee_waiting_period_months": series(("2011-07-01", 0), source="law"),
        "flexible_repay_window_months": series(("2011-07-01", 3), source="law"),
        "flexible_waiting_period_months": series(("2011-07-01", 6), source="law"),
    },
}

TESTVILLE = {
    "schema_version": 1,
    "region": {"code": "999900", "slug": "testville", "name": {"en": "Testville", "zh": "测试市"},
               "province": {"en": "Test Province", "zh": "测试省"}},
    "last_reviewed": "2026-01-01",
    "sources": {"t-notice": SRC, "t-weak": dict(SRC, grade="unverified")},
    "inherits": ["late_fee_daily_rate", "due_month_offset", "due_day", "benefits_stop_offset_months",
                 "employee_restore_window_months", "employee_waiting_period_months", "flexible_repay_window_months",
                 "flexible_waiting_period_months"],
    "parameters": {
        "base_floor": series(("2024-01-01", "5000"), ("2025-01-01", "5200")),
        "base_ceiling": series(("2024-01-01", "25000"), ("2025-01-01", "26000")),
        "employer_rate": series(("2024-01-01", "0.06"), ("2025-07-01", "0.055")),
        "individual_rate": series(("2024-01-01", "0.02")),
        "individual_addon": series(("2024-01-01", "3")),
        "flexible_rate": series(("2024-01-01", "0.08")),
        "retirement_years_men": series(("2020-01-01", 25), ("2030-01-01", 30)),
        "retirement_years_women": series(("2020-01-01", 20), ("2030-01-01", 25)),
        "retirement_local_years": series(("2020-01-01", 10)),
        "retirement_makeup_base": series(("2024-01-01", "5000")),
        "retirement_makeup_rate": series(("2024-01-01", "0.06"), source="t-weak"),
    },
    "text": {
        "summary": _item(), "can_i_pay_back": _item(), "if_you_do_not_pay": _item(), "hardship": _item(),
        "after_leaving_a_job": _item(), "retirement": _item(), "notes": [],
        "how_to_pay_back": {"steps": [_item()], "channels": [_item()], "materials": [_item()],
                            "time_limits": _item(), "fees": _item()},
    },
    "contacts": [{"name": {"en": "Bureau", "zh": "局"}, "role": "benefits", "phone": "12393", "source": "t-notice"}],
    "legal_basis": ["law", "t-notice"],
}


def rules_dict(**region_parameter_overrides):
    """A fresh copy; keyword arguments replace Testville parameters (None removes one)."""
    region = copy.deepcopy(TESTVILLE)
    for name, value in region_parameter_overrides.items():
        if value is None:
            region["parameters"].pop(name, None)
        else:
            region["parameters"][name] = value
            if name in region["inherits"]:  # a local value replaces the inherited national default
                region["inherits"].remove(name)
    return {"schema_version": 1, "national": copy.deepcopy(NATIONAL), "regions": {"testville": region}}
