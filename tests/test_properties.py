"""Property-based tests of the core (hypothesis): hostile requests never raise; money behaves."""

import json
from datetime import date
from decimal import Decimal

from fixture_rules import rules_dict
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calculator import calculate_json, load_rules
from calculator.months import Month

FIXTURE = load_rules(rules_dict())
FIELDS = ["action", "region", "scheme", "base", "gap_start", "gap_end", "paid_on", "lang", "group", "birth_month",
          "months_paid", "local_months_paid", "as_of", "keeps_paying"]

junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["floor", "quote", "retirement", "employee", "flexible", "guangzhou", "testville", "2025-03",
                     "2025-13", "2025-02-30", "NaN", "-0", "1e400", "<script>alert(1)</script>", "male-60"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2011, 2027), st.integers(1, 12))
days = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(2011, 2028), st.integers(1, 12),
                 st.integers(1, 28))
plausible_quote = st.fixed_dictionaries(
    {"action": st.just("quote"), "region": st.sampled_from(["testville", "guangzhou", "beijing", "atlantis"]),
     "scheme": st.sampled_from(["employee", "flexible"]),
     "base": st.one_of(st.just("floor"), st.decimals(0, 10**8, places=2, allow_nan=False).map(str)),
     "gap_start": months, "gap_end": months, "paid_on": days},
    optional={"lang": st.sampled_from(["en", "zh"])},
)
hostile = st.one_of(st.dictionaries(st.sampled_from(FIELDS), junk, max_size=10), plausible_quote)


def well_formed(text: str) -> dict:
    out = json.loads(text)
    if "error" in out:
        assert set(out) == {"error"}
        err = out["error"]
        assert err["code"] != "internal", err
        assert err["message"]["en"] and err["message"]["zh"]
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=hostile)
def test_any_request_object_gives_a_result_or_an_error_never_an_exception(real_rules, request):
    for rules in (FIXTURE, real_rules):
        well_formed(calculate_json(json.dumps(request, default=str), rules))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_json(text):
    well_formed(calculate_json(text, FIXTURE))


def quote(**kw):
    out = well_formed(calculate_json(json.dumps({"action": "quote", "region": "testville", **kw}), FIXTURE))
    assume("error" not in out)
    return out


bases = st.decimals(1, 100000, places=2, allow_nan=False)
start_months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2024, 2025), st.integers(1, 12))


@settings(max_examples=200, deadline=None)
@given(scheme=st.sampled_from(["employee", "flexible"]), base=bases, start=start_months,
       length=st.integers(0, 8), delay=st.integers(0, 400))
def test_totals_are_sums_and_never_negative(scheme, base, start, length, delay):
    s = Month.parse(start)
    e = s.plus(length)
    paid = e.last_day().toordinal() + delay
    out = quote(scheme=scheme, base=str(base), gap_start=start, gap_end=str(e), paid_on=date.fromordinal(paid).isoformat())
    due = [ln for ln in out["lines"] if ln["repayable"]]
    t = {k: Decimal(v) for k, v in out["totals"].items()}
    assert t["principal"] == sum((Decimal(ln["total"]) for ln in due), Decimal(0))
    assert t["late_fee"] == sum((Decimal(ln["late_fee"]) for ln in due), Decimal(0))
    assert t["total"] == t["principal"] + t["late_fee"] == t["employer"] + t["individual"]
    for ln in out["lines"]:
        for k in ("employer", "individual", "addons", "total", "late_fee"):
            assert Decimal(ln[k]) >= 0
        assert Decimal(ln["total"]) == Decimal(ln["employer"]) + Decimal(ln["individual"]) + Decimal(ln["addons"])


@settings(max_examples=200, deadline=None)
@given(scheme=st.sampled_from(["employee", "flexible"]), b1=bases, b2=bases, start=start_months,
       length=st.integers(0, 5))
def test_total_never_falls_when_the_base_grows(scheme, b1, b2, start, length):
    low, high = sorted((b1, b2))
    e = Month.parse(start).plus(length)
    paid = e.plus(1).day(10).isoformat()
    kw = {"scheme": scheme, "gap_start": start, "gap_end": str(e), "paid_on": paid}
    assert Decimal(quote(base=str(low), **kw)["totals"]["total"]) <= Decimal(quote(base=str(high), **kw)["totals"]["total"])


@settings(max_examples=200, deadline=None)
@given(scheme=st.sampled_from(["employee", "flexible"]), base=bases, start=start_months, length=st.integers(0, 5),
       more=st.integers(1, 4), earlier=st.integers(0, 4))
def test_total_never_falls_when_the_gap_grows(scheme, base, start, length, more, earlier):
    """A later gap end never lowers the total. An earlier gap start never does for employer arrears; for a
    flexible worker it can push the gap past the pay-back window, where the months legitimately become unpayable."""
    s = Month.parse(start)
    e = s.plus(length)
    paid = e.plus(more).day(10).isoformat()
    short = quote(scheme=scheme, base=str(base), gap_start=start, gap_end=str(e), paid_on=paid)
    longer_end = quote(scheme=scheme, base=str(base), gap_start=start, gap_end=str(e.plus(more)), paid_on=paid)
    assert Decimal(short["totals"]["total"]) <= Decimal(longer_end["totals"]["total"])
    if scheme == "employee":
        longer_start = quote(scheme=scheme, base=str(base), gap_start=str(s.plus(-earlier)), gap_end=str(e),
                             paid_on=paid)
        assert Decimal(short["totals"]["total"]) <= Decimal(longer_start["totals"]["total"])
