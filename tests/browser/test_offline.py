"""The service worker (docs/sw.js): a repeat visit's calculator works offline; pages stay network-first;
no service worker on a page that never used the calculator; the worker script is never cached immutably."""

from __future__ import annotations

import time
import urllib.request

import pytest
from browser_fixtures import open_calculator, wait_state, widget_pages

pytestmark = pytest.mark.browser

OFFLINE_TIMEOUT_S = 45


def _wait_offline_ready(page) -> None:
    deadline = time.monotonic() + OFFLINE_TIMEOUT_S
    while time.monotonic() < deadline:
        if page.evaluate("window.calculator.status.offline === true"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the service worker did not report the runtime cached within {OFFLINE_TIMEOUT_S} s: "
                         f"{page.evaluate('window.calculator.status')}")


def test_repeat_visit_is_ready_offline_and_computes(browser, site_url, calculator_pages):
    context = browser.new_context()
    try:
        page = context.new_page()
        url = site_url + calculator_pages[0]
        open_calculator(page, url)
        _wait_offline_ready(page)
        caches = page.evaluate("caches.keys()")
        assert len([c for c in caches if c.startswith("mi-runtime-")]) == 1, caches

        context.set_offline(True)
        page.reload()
        page.evaluate("void window.calculator.start()")
        status = wait_state(page)
        assert status["state"] == "ready", status
        result = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
        assert result["error"]["field"] == "region", result
        slug = page.evaluate("document.querySelector('.mi-calculator select[name=region] option')?.value")
        if slug:
            answer = page.evaluate(
                "(slug) => window.calculator.calculate({action: 'quote', region: slug, scheme: 'employee', "
                "base: '8000', gap_start: '2025-03', gap_end: '2025-05', paid_on: '2025-07-10', lang: 'en'})", slug)
            assert "error" not in answer or answer["error"]["code"] != "internal", answer
    finally:
        context.set_offline(False)
        context.close()


def test_pages_stay_network_first_when_online(browser, site_url, calculator_pages):
    """A page kept for offline use is still fetched from the network while the site is reachable."""
    from email.utils import parsedate_to_datetime

    context = browser.new_context()
    try:
        page = context.new_page()
        url = site_url + calculator_pages[0]
        open_calculator(page, url)
        _wait_offline_ready(page)
        time.sleep(1.1)  # the server's Date header has a one-second resolution
        before = time.time()
        response = page.reload()
        assert response is not None and response.ok
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        served = parsedate_to_datetime(response.headers["date"]).timestamp()
        assert served >= int(before), "the page came from the service worker's cache while online"
        wait_state(page)
    finally:
        context.close()


def test_no_service_worker_unless_the_calculator_ran(browser, site_url, calculator_pages):
    context = browser.new_context()
    try:
        page = context.new_page()
        region = next((p for p in calculator_pages if "/regions/" in p), None)
        if region is None:
            pytest.skip("no region page with a lazily loaded calculator in this site")
        page.goto(site_url + region, wait_until="load")
        time.sleep(0.5)
        assert page.evaluate("window.calculator.status.state") == "idle"
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        context.close()


def test_service_worker_script_headers(site_url):
    with urllib.request.urlopen(site_url + "/sw.js?v=test") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript")
        cache = response.headers.get("Cache-Control", "")
        assert "immutable" not in cache and "max-age=31536000" not in cache, cache
        body = response.read().decode()
    assert "mi-runtime-" in body


def _cached(page, url: str) -> bool:
    return page.evaluate("(url) => caches.open('mi-pages-v1').then(c => c.match(url)).then(r => !!r)", url)


def test_other_language_and_visited_region_pages_work_offline(browser, site_url, site_dir):
    """Issue 18: after the calculator was used once, the calculator page in both languages and the region
    pages visited since are there offline, and their calculator computes; a page never visited is not."""
    pages = set(widget_pages(site_dir))
    regions = sorted(p for p in pages if p.startswith("/regions/"))
    if not {"/calculator/", "/zh/calculator/"} <= pages or len(regions) < 2:
        pytest.skip("the built mkdocs site (both languages, region pages) is needed for this test")
    visited, never = regions[0], regions[-1]
    context = browser.new_context()
    try:
        page = context.new_page()
        open_calculator(page, site_url + "/calculator/")
        _wait_offline_ready(page)
        assert _cached(page, site_url + "/zh/calculator/"), "the other language was not kept"
        page.goto(site_url + visited, wait_until="load")
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        deadline = time.monotonic() + OFFLINE_TIMEOUT_S
        while not _cached(page, site_url + visited):
            assert time.monotonic() < deadline, "the visited region page was not kept"
            time.sleep(0.1)

        context.set_offline(True)
        for path in ("/zh/calculator/", visited, "/calculator/"):
            response = page.goto(site_url + path)
            assert response is not None and response.ok, path
            page.evaluate("void window.calculator.start()")
            status = wait_state(page)
            assert status["state"] == "ready", (path, status)
            result = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
            assert result["error"]["field"] == "region", (path, result)
        with pytest.raises(Exception):  # noqa: B017 - the browser's own offline error, whatever its class
            page.goto(site_url + never)
    finally:
        context.set_offline(False)
        context.close()
