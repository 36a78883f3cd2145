"""Embedding the calculator on a partner's site (issue 5): a page on another localhost origin frames
/embed/calculator/ (and /zh/embed/calculator/) with the resize snippet published in docs/partners.md; the
frame grows to fit the result, and the result holds the command line's numbers. A preset link without
`base` never reveals a wage; script in any query parameter executes nothing and is shown as text; only the
embed pages may be framed."""

from __future__ import annotations

import html
import re
import time
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from browser_fixtures import QUERY_KEYS, READY_TIMEOUT_S, XSS_PAYLOADS, assert_rows_match_cli, cli_json, wait_state
from embed_support import SNIPPET_ORIGIN, documented_snippet

pytestmark = pytest.mark.browser

LANGS = {"en": "", "zh": "zh/"}
QUOTE = {"scheme": "employee", "gap_start": "2025-03", "gap_end": "2025-05", "paid_on": "2025-07-10"}


@pytest.fixture(scope="module")
def region(manifest) -> dict:
    regions = manifest["regions"]
    return next((r for r in regions if r["slug"] == "guangzhou"), regions[0])


def preset_query(slug: str, base: str | None = None, **extra) -> str:
    params = {"region": slug, "scheme": QUOTE["scheme"], "gap-start": QUOTE["gap_start"],
              "gap-end": QUOTE["gap_end"], "paid-on": QUOTE["paid_on"]}
    if base is not None:
        params["base"] = base
    params.update(extra)
    return urlencode(params)


def partner_page(partner, site_url: str, src: str, name: str, lang: str = "en") -> str:
    """The documented snippet, with this test server's origin in place of the placeholder and `src` framed."""
    snippet = documented_snippet()
    snippet = re.sub(r'(<iframe\b[^>]*?\bsrc=")[^"]*(")', lambda m: m.group(1) + html.escape(src) + m.group(2),
                     snippet, count=1)
    snippet = snippet.replace(SNIPPET_ORIGIN, site_url)
    assert site_url in snippet and SNIPPET_ORIGIN not in snippet
    return partner.page(name, snippet, lang)


def child_frame(page):
    handle = page.locator("iframe#mi-calculator").element_handle()
    frame = handle.content_frame()
    assert frame is not None
    return frame


def frame_height(page) -> float:
    return page.locator("iframe#mi-calculator").evaluate("(f) => f.getBoundingClientRect().height")


def poll(fn, timeout=10.0, interval=0.1):
    deadline = time.monotonic() + timeout
    value = fn()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = fn()
    return value


def errors_of(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


# ---- resize and numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_partner_iframe_resizes_to_the_result_and_matches_the_command_line(
        page, site_url, partner, region, rules_file, lang):
    slug = region["slug"]
    src = f"{site_url}/{LANGS[lang]}embed/calculator/?{preset_query(slug, base='floor')}"
    errors = errors_of(page)
    page.goto(partner_page(partner, site_url, src, f"resize-{lang}.html", lang))
    initial = frame_height(page)
    frame = child_frame(page)

    table = frame.locator("table.mi-calc__table")
    table.wait_for(timeout=READY_TIMEOUT_S * 1000)

    def fits():
        inner = frame.evaluate("({scroll: document.documentElement.scrollHeight,"
                               " client: document.documentElement.clientHeight,"
                               " results: document.querySelector('.mi-calc__results').getBoundingClientRect().bottom,"
                               " credit: document.querySelector('.mi-embed__credit').getBoundingClientRect().bottom})")
        outer = frame_height(page)
        ok = (outer > initial + 100 and inner["scroll"] <= inner["client"] + 1
              and inner["results"] <= outer and inner["credit"] <= outer)
        return (outer, inner) if ok else None

    fitted = poll(fits)
    assert fitted, (f"the frame did not grow to fit the result: started at {initial}px, now {frame_height(page)}px, "
                    f"content {frame.evaluate('document.documentElement.scrollHeight')}px")

    # A shorter result shrinks the frame again: one month instead of three, then back.
    grown = frame_height(page)
    frame.locator("input[name=gap_end]").first.fill(QUOTE["gap_start"])
    frame.locator("button[type=submit]").first.click()
    assert poll(lambda: frame_height(page) < grown - 50 or None), f"the frame stayed {frame_height(page)}px"
    frame.locator("input[name=gap_end]").first.fill(QUOTE["gap_end"])
    frame.locator("button[type=submit]").first.click()
    assert poll(lambda: frame_height(page) >= grown - 1 or None)
    table = frame.locator("table.mi-calc__table")

    # The numbers: exactly the command line's for the same request and the site's own rules file.
    code, cli, err = cli_json({"action": "quote", "region": slug, "base": "floor", "lang": lang, **QUOTE}, rules_file)
    assert code == 0, err
    assert_rows_match_cli(table, cli, lang)
    rows = table.locator("tbody tr")
    for i, line in enumerate(cli["lines"]):
        assert rows.nth(i).locator("td[data-field=base]").inner_text().startswith(line["base"])
    facts = frame.locator(".mi-calc__results .mi-calc__facts").first.locator("dd")
    totals = cli["totals"]
    assert [facts.nth(k).inner_text() for k in range(3)] == [totals["principal"], totals["late_fee"], totals["total"]]

    # No site chrome; the source and date lines and a link back to the region's full page, in a new tab.
    assert frame.locator(".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search").count() == 0
    credit = frame.locator(".mi-embed__credit")
    assert credit.is_visible()
    assert re.search(r"\d{4}-\d{2}-\d{2}", credit.locator("time").inner_text())
    back = frame.locator("a.mi-embed__back")
    expected = f"{site_url}/{LANGS[lang]}regions/{slug}/"
    assert poll(lambda: back.evaluate("(a) => a.href") == expected), back.evaluate("(a) => a.href")
    assert region["name"][lang] in back.inner_text()
    assert back.get_attribute("target") == "_blank"
    assert errors == [], errors


# ---- privacy -----------------------------------------------------------------------------------------

RECORD_CLIPBOARD = """(() => {
  const record = (text) => { (window.__copied = window.__copied || []).push(String(text)); return Promise.resolve(); };
  try { Object.defineProperty(navigator, 'clipboard', {value: {writeText: record}, configurable: true}); } catch (e) {}
})()"""


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_preset_link_without_base_never_reveals_the_wage(browser, site_url, partner, region, lang):
    wage = "8123"
    context = browser.new_context()
    context.add_init_script(RECORD_CLIPBOARD)  # runs in every frame: the copy button's output is recorded
    try:
        page = context.new_page()
        src = f"{site_url}/{LANGS[lang]}embed/calculator/?{preset_query(region['slug'])}"
        page.goto(partner_page(partner, site_url, src, f"privacy-{lang}.html", lang))
        frame = child_frame(page)
        root = frame.locator(".mi-calculator")
        root.locator("select[name=region] option").first.wait_for(state="attached")
        assert wait_state(frame)["state"] == "ready"
        base = root.locator("input[name=base]")
        assert base.input_value() == ""  # no wage from a link without base
        base.fill(wage)
        root.locator("form[data-action=quote] button[type=submit]").click()
        root.locator("table.mi-calc__table").wait_for(timeout=15000)

        copy = root.locator("button.mi-calc__copy")
        copy.click()
        copied = poll(lambda: frame.evaluate("window.__copied || []"))
        assert copied, "the copy button wrote nothing"
        link = copied[-1]
        query = parse_qs(urlsplit(link).query)
        assert wage not in link and "base" not in query, link
        assert query["region"] == [region["slug"]] and query["gap-start"] == [QUOTE["gap_start"]]
        assert urlsplit(link).path == f"/{LANGS[lang]}calculator/", "an embedded copy shares the full calculator page"
        for where in (frame.url, page.url, frame.evaluate("location.href"), root.locator(".mi-calc__copied").inner_text()):
            assert wage not in where, where

        # The person ticks the box: now, and only now, the wage goes into the link.
        root.locator(".mi-calc__share input[type=checkbox]").check()
        copy.click()
        copied = poll(lambda: (lambda c: c if len(c) >= 2 else None)(frame.evaluate("window.__copied || []")))
        assert parse_qs(urlsplit(copied[-1]).query).get("base") == [wage]
        assert wage not in frame.evaluate("location.href")
    finally:
        context.close()


# ---- hostile query -----------------------------------------------------------------------------------

PAYLOADS, KEYS = XSS_PAYLOADS, QUERY_KEYS

FOUND = """() => {
  const bad = [];
  const article = document.querySelector('article');
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const inArticle = article && article.contains(el);
    if (inArticle && (['img', 'script', 'iframe', 'object', 'embed', 'b'].includes(tag) ||
        (tag === 'svg' && !el.classList.contains('mi-calc__timeline')))) bad.push(tag);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) &&
          /^\\s*javascript:/i.test(a.value))) bad.push(tag + '[' + a.name + ']');
    }
  }
  const note = document.querySelector('.mi-calc__ignored');
  const back = document.querySelector('a.mi-embed__back');
  return {bad, pwned: window.__pwned || null, note: note && !note.hidden ? note.textContent : '',
          items: note ? [...note.querySelectorAll('li')].map((li) => li.textContent) : [],
          back: back ? {href: back.href, text: back.textContent} : null};
}"""


@pytest.fixture(scope="module")
def hostile_context(browser):
    # The CSP would stop inline handlers anyway; bypassing it tests that nothing is turned into markup.
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_every_query_parameter_executes_nothing_and_shows_as_text(
        hostile_context, site_url, payload, lang):
    page = hostile_context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        params = {k: payload for k in KEYS}
        params["utm_source"] = payload      # an unknown parameter...
        params[payload] = "1"               # ...and one whose name is the payload
        index = f"{site_url}/{LANGS[lang]}regions/"
        page.goto(f"{site_url}/{LANGS[lang]}embed/calculator/?{urlencode(params)}")
        assert wait_state(page)["state"] == "ready"
        # The unknown region is reported once the region list has loaded.
        found = poll(lambda: (lambda f: f if len(f["items"]) >= len(KEYS) + 2 else None)(page.evaluate(FOUND)))
        assert found, page.evaluate(FOUND)
        page.wait_for_timeout(300)
        found = page.evaluate(FOUND)
        assert dialogs == [], dialogs
        assert found["pwned"] is None
        assert found["bad"] == [], found["bad"]
        # Every parameter is listed, the payload shown as text.
        shown = [item for item in found["items"] if payload in item]
        assert len(shown) == len(KEYS) + 2, found["items"]
        # The back link falls back to the regions index; nothing from the URL reaches its address or text.
        assert found["back"]["href"] == index
        assert payload not in found["back"]["text"]
    finally:
        page.close()


def test_unknown_region_and_malformed_values_are_noted_and_ignored(page, site_url, region):
    page.goto(f"{site_url}/embed/calculator/?region=atlantis&scheme=freelance&gap-start=2025-13&gap-end=2025-05"
              "&paid-on=tomorrow&base=-5&lang=fr&colour=blue")
    assert wait_state(page)["state"] == "ready"
    root = page.locator(".mi-calculator")
    note = root.locator(".mi-calc__ignored")
    assert poll(lambda: note.locator("li").count() == 7), note.inner_text()
    text = note.inner_text()
    for key in ("region=atlantis", "scheme=freelance", "gap-start=2025-13", "paid-on=tomorrow", "base=-5",
                "lang=fr", "colour=blue"):
        assert key in text, (key, text)
    assert "gap-end" not in text  # valid values are used, not noted
    assert root.locator("input[name=gap_end]").input_value() == "2025-05"
    assert root.locator("input[name=gap_start]").input_value() == ""
    assert root.locator("input[name=base]").input_value() == ""
    assert root.locator("input[type=radio][value=employee]").is_checked()
    assert root.get_attribute("lang") == "en"
    assert page.locator("a.mi-embed__back").evaluate("(a) => a.href") == f"{site_url}/regions/"
    # A clean preset link shows no note.
    page.goto(f"{site_url}/embed/calculator/?{preset_query(region['slug'])}")
    assert page.locator(".mi-calc__ignored").is_hidden()


# ---- framing headers ---------------------------------------------------------------------------------


def csp_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert response.headers.get("X-Frame-Options") is None
        return response.headers.get("Content-Security-Policy", "")


def frame_ancestors(csp: str) -> str:
    found = [d.strip() for d in csp.split(";") if d.strip().startswith("frame-ancestors")]
    assert len(found) == 1, csp
    return found[0]


def test_only_embed_pages_may_be_framed(site_url, region):
    slug = region["slug"]
    for path in ("/", "/calculator/", f"/regions/{slug}/", "/partners/", "/zh/", "/zh/calculator/",
                 f"/zh/regions/{slug}/", "/404.html"):
        assert frame_ancestors(csp_of(site_url + path)) == "frame-ancestors 'none'", path
    for path in ("/embed/calculator/", "/zh/embed/calculator/", f"/embed/calculator/?region={slug}"):
        csp = csp_of(site_url + path)
        assert frame_ancestors(csp) == "frame-ancestors *", path
        assert "'wasm-unsafe-eval'" in csp and "sha256-" in csp and "unsafe-inline" not in csp


def test_browser_refuses_to_frame_other_pages(page, site_url, partner, region):
    blocked_src = f"{site_url}/calculator/?{preset_query(region['slug'])}"
    page.goto(partner_page(partner, site_url, blocked_src, "blocked.html"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    frame = child_frame(page)
    assert not frame.url.startswith(site_url), f"/calculator/ was framed: {frame.url}"
    assert page.locator("iframe#mi-calculator").evaluate("(f) => f.getBoundingClientRect().height") > 0


# ---- storage refused in the partner's frame ----------------------------------------------------------

BLOCK_STORAGE = """
if (window.top !== window) {
  for (const name of ["localStorage", "sessionStorage"]) {
    Object.defineProperty(window, name, { configurable: true, get() {
      throw new DOMException("The document is sandboxed and lacks the 'allow-same-origin' flag.", "SecurityError");
    } });
  }
}
"""


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_frame_without_storage_has_no_uncaught_error(page, site_url, partner, region, lang):
    """A sandboxed frame or blocked third-party storage: reading localStorage throws a SecurityError. The
    theme reads it on every page; the embed page replaces a storage that throws, so nothing is uncaught."""
    page.add_init_script(BLOCK_STORAGE)
    errors = errors_of(page)
    src = f"{site_url}/{LANGS[lang]}embed/calculator/?{preset_query(region['slug'], base='floor')}"
    page.goto(partner_page(partner, site_url, src, f"nostorage-{lang}.html", lang))
    frame = child_frame(page)
    frame.locator("table.mi-calc__table").wait_for(timeout=READY_TIMEOUT_S * 1000)
    assert errors == [], errors
    assert frame.evaluate("localStorage.getItem('__mi_none')") is None
