"""No request off the site's host: each page type in both languages, served with the production headers
(CSP included), makes no request to another host, gets no 4xx/5xx, logs no console error (CSP reports
included). Requests to other hosts are aborted and counted; the calculator is waited for until ready, and
the search (a Web Worker and its index) is exercised on the home page."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from browser_fixtures import NetLog, wait_state
from quality_support import LANGS, PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shared_context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_stays_on_its_host(shared_context, site_url, page_type, lang):
    host = urlsplit(site_url).netloc
    blocked: list[str] = []

    def abort(route):
        blocked.append(route.request.url)
        route.abort()

    page = shared_context.new_page()
    page.route(lambda url: urlsplit(url).scheme in ("http", "https", "ws", "wss")
               and urlsplit(url).netloc != host, abort)
    log = NetLog(page, site_url)
    try:
        page.goto(f"{site_url}/{LANGS[lang]}{PAGE_TYPES[page_type]}", wait_until="load")
        if page.locator("div.mi-calculator").count():
            page.evaluate("window.calculator.start()")  # region pages load it lazily (on scroll/focus)
            assert wait_state(page)["state"] == "ready"
        if page_type == "home":
            page.keyboard.press("s")                       # the theme's shortcut opens the search
            page.keyboard.type("beijing")
            page.locator(".md-search-result__meta").wait_for(timeout=10000)
        page.wait_for_load_state("networkidle")
        time.sleep(0.2)
        assert blocked == [], f"requests to other hosts (aborted): {blocked}"
        assert len(log.requests) >= 5, f"only {len(log.requests)} requests seen"
        log.assert_clean()
    finally:
        page.close()
