"""On a page whose calculator starts at once, the theme's script and its search worker wait until the calculator
is ready (both compete with Pyodide's boot for the CPU), or start at once when the reader reaches for the page;
either way search works (overrides/main.html, deferSearch and deferTheme)."""

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


def _theme_running(page) -> bool:
    return page.evaluate("typeof window.document$ !== 'undefined' && typeof window.component$ !== 'undefined'")


def test_the_theme_waits_for_the_calculator_or_the_readers_first_touch(page, netlog, site_url):
    held = []
    page.route("**/*.wasm", lambda route: held.append(route))  # Pyodide never finishes booting
    page.goto(site_url + PAGES["en"])
    page.wait_for_timeout(1000)
    assert wait_state(page, states=("loading",), timeout=5)["state"] == "loading"
    assert not _theme_running(page), "the theme's script ran while the calculator was still loading"
    # Meanwhile the page is usable: search is shown (the theme's no-js rule hides it), the navigation links work.
    assert "no-js" not in page.evaluate("document.documentElement.className")
    assert page.locator("[data-md-component=search-query]").is_visible()
    page.mouse.click(5, 300)  # the reader's first touch anywhere
    deadline = time.monotonic() + 10
    while not _theme_running(page):
        assert time.monotonic() < deadline, "the theme's script did not start after the reader's first touch"
        page.wait_for_timeout(100)
    page.unroute("**/*.wasm")


def test_the_theme_starts_once_the_calculator_is_ready(page, site_url):
    page.goto(site_url + PAGES["zh"])
    assert wait_state(page)["state"] == "ready"
    deadline = time.monotonic() + 10
    while not _theme_running(page):
        assert time.monotonic() < deadline, "the theme's script did not start after the calculator was ready"
        page.wait_for_timeout(100)
    # Its components are mounted: its own keyboard handling opens search.
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement && document.activeElement.matches('[data-md-component=search-query]')")
