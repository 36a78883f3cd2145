"""Results as plain JSON-ready dicts: amounts as decimal strings, months as YYYY-MM, both languages."""

from __future__ import annotations

from typing import Any

from .model import Rules, Source, Text
from .money import as_text
from .quote import Line, Quote
from .retirement import Check
from .timeline import InForce


def text(t: Text) -> dict[str, str]:
    return {"en": t.en, "zh": t.zh}


def source(s: Source) -> dict[str, Any]:
    return {
        "title": text(s.title),
        "issuer": text(s.issuer),
        "doc_no": s.doc_no,
        "url": s.url,
        "grade": s.grade,
        "published": s.published.isoformat() if s.published else None,
    }


def _amount(v):
    return None if v is None else as_text(v)


def _used(u: InForce) -> dict[str, Any]:
    value = u.value if isinstance(u.value, int) else as_text(u.value)
    return {"value": value, "effective": u.dated.effective.isoformat(), "source": u.dated.source,
            "basis": u.basis, "grade": u.grade,
            "known_until": u.known_until.isoformat() if u.known_until else None}


def _region(r) -> dict[str, Any]:
    return {"slug": r.slug, "code": r.code, "name": text(r.name)}


def line(ln: Line) -> dict[str, Any]:
    return {
        "month": str(ln.month),
        "base": _amount(ln.base),
        "base_clamped": ln.base_clamped,
        "employer": as_text(ln.employer),
        "individual": as_text(ln.individual),
        "addons": as_text(ln.addons),
        "total": as_text(ln.total),
        "due_date": ln.due_date.isoformat(),
        "days_late": ln.days_late,
        "late_fee": as_text(ln.late_fee),
        "late_fee_payer": ln.late_fee_payer,
        "repayable": ln.repayable,
        "restored": ln.restored,
        "provisional": ln.provisional,
        "provisional_reason": text(ln.provisional_reason) if ln.provisional_reason else None,
        "parameters": {u.name: _used(u) for u in ln.used},
        "sources": list(ln.sources),
    }


def quote(rules: Rules, q: Quote) -> dict[str, Any]:
    r, c, t = q.request, q.consequences, q.totals
    return {
        "action": "quote",
        "region": _region(r.region),
        "request": {
            "scheme": r.scheme,
            "base": "floor" if r.base is None else as_text(r.base),
            "gap_start": str(r.gap_start),
            "gap_end": str(r.gap_end),
            "paid_on": r.paid_on.isoformat(),
            "lang": r.lang,
        },
        "lines": [line(ln) for ln in q.lines],
        "totals": {**{k: as_text(getattr(t, k)) for k in ("principal", "late_fee", "total", "employer", "individual")},
                   "estimate": t.estimate},
        "consequences": {
            "benefits_stop_from": str(c.benefits_stop_from),
            "gap_months": c.gap_months,
            "months_outstanding": c.months_outstanding,
            "restore_window_months": c.restore_window_months,
            "in_restore_window": c.in_restore_window,
            "restore_deadline": c.restore_deadline.isoformat(),
            "last_repayable_day": c.last_repayable_day.isoformat() if c.last_repayable_day else None,
            "benefits_resume_from": str(c.benefits_resume_from),
            "waiting_period_months": c.waiting_period_months,
            "continuity": text(c.continuity),
            "summary": text(c.summary),
            "certainty": c.certainty,
            "uncertain_because": [text(x) for x in c.uncertain_because],
            "parameters": {u.name: _used(u) for u in c.used},
        },
        "notes": [text(n) for n in q.notes],
        "sources": {sid: source(rules.sources[sid]) for sid in q.source_ids},
    }


def check(rules: Rules, c: Check) -> dict[str, Any]:
    r = c.request
    return {
        "action": "retirement",
        "region": _region(r.region),
        "request": {
            "group": r.group,
            "birth_month": str(r.birth_month),
            "months_paid": r.months_paid,
            "local_months_paid": r.local_months_paid,
            "as_of": r.as_of.isoformat(),
            "keeps_paying": r.keeps_paying,
            "lang": r.lang,
        },
        "retirement_month": str(c.retirement_month),
        "retirement_age": {"years": c.retirement_age_months // 12, "months": c.retirement_age_months % 12},
        "required_months": c.required_months,
        "required_local_months": c.required_local_months,
        "months_so_far": c.months_so_far,
        "local_months_so_far": c.local_months_so_far,
        "months_until_retirement": c.months_until_retirement,
        "projected_months": c.projected_months,
        "projected_local_months": c.projected_local_months,
        "shortfall_months": c.shortfall_months,
        "local_shortfall_months": c.local_shortfall_months,
        "makeup": None if c.makeup is None else {
            "months": c.makeup.months, "monthly": as_text(c.makeup.monthly), "total": as_text(c.makeup.total)
        },
        "summary": text(c.summary),
        "certainty": c.certainty,
        "uncertain_because": [text(x) for x in c.uncertain_because],
        "parameters": {u.name: _used(u) for u in c.used},
        "notes": [text(n) for n in c.notes],
        "sources": {sid: source(rules.sources[sid]) for sid in c.source_ids},
    }
