"""Slow networks: a Calculate clicked before the runtime is ready is queued, says so next to the button and
in the result area, and is answered once the runtime is ready; meanwhile the selected region's worked
examples are one link away. The runtime is held back by leaving its standard library unanswered until the
test releases it (well within the stall threshold)."""

from __future__ import annotations

import re

import pytest
from browser_fixtures import READY_TIMEOUT_S, fill_quote, wait_state

pytestmark = pytest.mark.browser

QUOTE = {"region": "guangzhou", "scheme": "employee", "base": "8000", "gap_start": "2025-05", "gap_end": "2025-05",
         "paid_on": "2025-07-10"}


@pytest.mark.parametrize("path, queued_word", [("/calculator/", "Queued"), ("/zh/calculator/", "已排队")])
def test_calculate_before_ready_is_queued_then_answered(page, site_url, path, queued_word):
    held = []
    pattern = re.compile(r".*python_stdlib.*\.zip$")
    page.route(pattern, lambda route: held.append(route))
    page.goto(site_url + path)
    deadline = 200
    while not held and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert held, "the runtime never asked for its standard library"
    assert page.evaluate("window.calculator.status.state") == "loading"
    root = fill_quote(page, QUOTE)
    waiting = root.locator(".mi-calc__results [data-queued=true]")
    waiting.wait_for()
    assert waiting.inner_text().strip()
    note = root.locator("form[data-action=quote] .mi-calc__action-status")
    assert note.inner_text().startswith(queued_word), note.inner_text()
    link = root.locator(".mi-calc__meanwhile a")
    assert link.is_visible()
    assert link.get_attribute("href").endswith("/regions/guangzhou/#worked-examples")
    for route in held:
        route.continue_()
    root.locator(".mi-calc__results table.mi-calc__table").wait_for(timeout=READY_TIMEOUT_S * 1000)
    assert wait_state(page)["state"] == "ready"
    assert root.locator(".mi-calc__results [data-queued]").count() == 0
    assert note.inner_text() == ""
    assert not link.is_visible()
