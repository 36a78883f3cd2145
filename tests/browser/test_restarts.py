"""Issue 19: the calculator's worker is replaced after a crash or a hang without leaving the calculator
broken. The request that broke a worker is answered with an "internal" error and never sent again; other
requests are; the budget of unexplained restarts is reset by every successful answer.

Test hooks (docs/javascripts/calculator/main.js): window.calculator.__calculate(request, "fatal" | "hang")
sends a request that makes the worker fail as a fatal interpreter error would, or never answer;
window.calculator.__crash() makes the worker die with an uncaught error unrelated to any request;
window.__miRequestTimeoutMs shortens the 15 s a request may take before its worker is replaced.
"""

from __future__ import annotations

import pytest
from browser_fixtures import open_calculator, wait_state

pytestmark = pytest.mark.browser

NORMAL = {"action": "quote", "region": "nowhere"}

HOSTILE = [
    # nesting 100k levels deep in a field, and as the whole request
    "'{\"action\":\"quote\",\"region\":' + '['.repeat(100000) + ']'.repeat(100000) + '}'",
    "'['.repeat(100000) + ']'.repeat(100000)",
    # a number of a million digits, and one with a huge exponent
    "'{\"action\":\"quote\",\"region\":\"guangzhou\",\"scheme\":\"employee\",\"base\":' + '9'.repeat(1000000) + '}'",
    "'{\"action\":\"quote\",\"region\":\"guangzhou\",\"scheme\":\"employee\",\"base\":1e999999999,"
    "\"gap_start\":\"2025-01\",\"gap_end\":\"2025-03\",\"paid_on\":\"2025-05-01\"}'",
]


def _normal_works(page) -> None:
    result = page.evaluate("(r) => window.calculator.calculate(r)", NORMAL)
    assert result["error"]["code"] == "unknown_region", result


def _workers(page) -> list[str]:
    seen: list[str] = []
    page.on("worker", lambda w: seen.append(w.url) if w.url.endswith("calculator-worker.mjs") else None)
    return seen


def test_hostile_requests_then_a_normal_one(page, site_url, calculator_pages):
    open_calculator(page, site_url + calculator_pages[0])
    for expression in HOSTILE:
        answer = page.evaluate(f"window.calculator.calculate({expression})")
        assert "error" in answer, answer
        assert wait_state(page)["state"] == "ready"
    _normal_works(page)


def test_requests_that_crash_the_worker_are_answered_not_replayed(page, site_url, calculator_pages):
    workers = _workers(page)
    open_calculator(page, site_url + calculator_pages[0])
    for n in range(1, 4):
        answer = page.evaluate("(r) => window.calculator.__calculate(r, 'fatal')", NORMAL)
        assert answer["error"]["code"] == "internal", answer
        assert wait_state(page)["state"] == "ready"
        assert page.evaluate("window.calculator.__restarts") == n
    _normal_works(page)
    assert page.evaluate("window.calculator.__restarts") == 3, "a crashing request was sent again"
    assert len(workers) in (4, 5), workers  # the first (maybe spawned in <head>) and one per crash


def test_a_hanging_request_is_answered_and_the_ones_behind_it_are_resent(page, site_url, calculator_pages):
    page.add_init_script("window.__miRequestTimeoutMs = 3000;")
    open_calculator(page, site_url + calculator_pages[0])
    results = page.evaluate("""(r) => Promise.all([
        window.calculator.__calculate(r, 'hang'),
        window.calculator.calculate(r),
        window.calculator.calculate(r),
    ])""", NORMAL)
    assert results[0]["error"]["code"] == "internal", results[0]
    assert results[0]["error"]["message"]["en"] and results[0]["error"]["message"]["zh"]
    assert [r["error"]["code"] for r in results[1:]] == ["unknown_region", "unknown_region"], results
    assert page.evaluate("window.calculator.__restarts") == 1, "the hanging request was sent again"
    _normal_works(page)


def test_unexplained_crashes_do_not_use_up_the_budget_when_answers_succeed_between(page, site_url,
                                                                                   calculator_pages):
    """Before issue 19 the third crash of a page's lifetime left the calculator failed for good."""
    open_calculator(page, site_url + calculator_pages[0])
    for _ in range(4):
        page.evaluate("window.calculator.__crash()")
        _normal_works(page)
        assert wait_state(page)["state"] == "ready"
        _normal_works(page)
    assert page.evaluate("window.calculator.status.state") == "ready"
