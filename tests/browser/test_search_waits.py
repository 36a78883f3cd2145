"""On a page whose calculator starts at once, the theme's search worker is created only when the calculator
is ready (building the search index competes with Pyodide's boot for the CPU), or at once when the reader
reaches for search; either way search works (overrides/main.html, deferSearch)."""

from __future__ import annotations

import time

import pytest
from browser_fixtures import wait_state

pytestmark = pytest.mark.browser

PAGES = {"en": "/calculator/", "zh": "/zh/calculator/"}
QUERY = {"en": "hospital", "zh": "住院"}


def _search_workers(urls: list[str]) -> list[str]:
    return [u for u in urls if "/workers/search" in u]


def _search_finds(page, lang: str) -> None:
    page.keyboard.press("s")  # the theme's shortcut opens the search
    page.keyboard.type(QUERY[lang])
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_search_worker_waits_for_the_calculator_then_search_works(page, netlog, site_url, lang):
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_url + PAGES[lang])
    assert wait_state(page)["state"] == "ready"
    # The calculator's worker came first; the search worker follows its ready message.
    assert workers and "calculator-worker" in workers[0], workers
    deadline = time.monotonic() + 10
    while not _search_workers(workers):
        assert time.monotonic() < deadline, f"no search worker after the calculator was ready: {workers}"
        page.wait_for_timeout(100)
    _search_finds(page, lang)
    netlog.assert_clean()


def test_reaching_for_search_starts_it_while_the_calculator_still_loads(page, site_url):
    held = []
    page.route("**/*.wasm", lambda route: held.append(route))  # Pyodide never finishes booting
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_url + PAGES["en"])
    page.wait_for_timeout(1000)
    assert wait_state(page, states=("loading",), timeout=5)["state"] == "loading"
    assert _search_workers(workers) == [], "the search worker started while the calculator was still loading"
    _search_finds(page, "en")
    assert len(_search_workers(workers)) == 1
    page.unroute("**/*.wasm")  # Playwright settles the held request
