"""The calculator by keyboard alone: every control is reached with Tab, the form is submitted with Enter,
results land in an aria-live region, every input has a label, errors are tied to their input
(aria-invalid + aria-describedby), and axe still finds nothing with results and with an error shown."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_fixtures import wait_state
from quality_support import LANGS

pytestmark = pytest.mark.browser

FOCUSED = """() => { const a = document.activeElement;
  return a ? {tag: a.tagName.toLowerCase(), type: a.type || null, name: a.name || null, id: a.id || null,
              inWidget: !!a.closest('div.mi-calculator'), text: (a.textContent || '').trim().slice(0, 40)} : null; }"""


def tab_to(page, predicate, limit=80) -> list[dict]:
    """Press Tab until predicate(focused) holds; returns the focus trail."""
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        trail.append(focused)
        if focused and predicate(focused):
            return trail
    raise AssertionError(f"never reached by Tab; trail: {[(f or {}).get('name') or (f or {}).get('tag') for f in trail]}")


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def type_month(page, value: str) -> None:
    """Type into a focused <input type=month> as a keyboard user does in Chromium's en-US month field:
    the month's name, Tab to the year segment, the year."""
    year, month = value.split("-")
    page.keyboard.type(MONTHS[int(month) - 1])
    page.keyboard.press("Tab")
    page.keyboard.type(year)


@pytest.fixture()
def calc_page(page, site_url, request):
    lang = request.param
    page.goto(f"{site_url}/{LANGS[lang]}calculator/")
    assert wait_state(page)["state"] == "ready"
    return page


@pytest.mark.parametrize("calc_page", sorted(LANGS), indirect=True)
def test_every_control_has_a_label(calc_page):
    unlabeled = calc_page.evaluate("""() => [...document.querySelectorAll(
        'div.mi-calculator input, div.mi-calculator select, div.mi-calculator textarea')].filter((el) => {
          const text = [...(el.labels || [])].map((l) => l.textContent.trim()).join('')
            || el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(' ')
               .map((id) => (document.getElementById(id) || {}).textContent || '').join('').trim();
          return !text; }).map((el) => el.outerHTML.slice(0, 120))""")
    assert unlabeled == []
    count = calc_page.locator("div.mi-calculator input, div.mi-calculator select").count()
    assert count >= 10, f"only {count} controls: is the widget built?"


@pytest.mark.parametrize("calc_page", sorted(LANGS), indirect=True)
def test_quote_by_keyboard_alone(calc_page):
    page = calc_page
    page.locator("body").focus()
    trail = tab_to(page, lambda f: f["name"] == "region")
    assert trail[-1]["inWidget"]
    page.keyboard.press("ArrowDown")                 # the first region after the empty "—" choice
    assert page.evaluate("document.activeElement.value"), "no region chosen with the arrow key"
    reached = {f["name"] for f in tab_to(page, lambda f: f["name"] == "base")}
    assert any(n and n.startswith("mi-scheme") for n in reached), "scheme radios not reachable by Tab"
    page.keyboard.type("8000")
    tab_to(page, lambda f: f["name"] == "gap_start")
    type_month(page, "2025-03")
    tab_to(page, lambda f: f["name"] == "gap_end")
    type_month(page, "2025-05")
    values = page.evaluate("""() => { const f = document.querySelector('div.mi-calculator form[data-action=quote]');
        return [f.base.value, f.gap_start.value, f.gap_end.value]; }""")
    assert values == ["8000", "2025-03", "2025-05"], values
    page.keyboard.press("Enter")                     # implicit submission from the month field
    results = page.locator("div.mi-calculator .mi-calc__results")
    assert results.get_attribute("aria-live") == "polite"
    results.locator(".mi-calc__title").wait_for(timeout=15000)
    assert results.locator("table tbody tr").count() == 3
    assert page.evaluate(FOCUSED)["inWidget"], "focus left the calculator after submitting"
    violations = Axe().run(page).response["violations"]
    assert violations == [], [v["id"] for v in violations]


@pytest.mark.parametrize("calc_page", sorted(LANGS), indirect=True)
def test_error_is_tied_to_its_input(calc_page):
    page = calc_page
    form = page.locator("div.mi-calculator form[data-action=quote]")
    base = form.locator("input[name=base]")
    region = page.locator("div.mi-calculator select[name=region]")
    region.select_option(index=1)
    base.focus()
    page.keyboard.type("-5")
    form.locator("input[name=gap_start]").fill("2025-01")
    form.locator("input[name=gap_end]").fill("2025-02")
    base.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("div.mi-calculator [aria-invalid=true]", timeout=15000)
    info = page.evaluate("""() => { const el = document.querySelector('div.mi-calculator [aria-invalid=true]');
        const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        const msgs = ids.map((id) => document.getElementById(id)).filter((n) => n && !n.hidden)
                        .map((n) => n.textContent.trim()).filter(Boolean);
        return {name: el.name || el.tagName, msgs, focused: document.activeElement === el}; }""")
    assert info["name"] == "base", info
    assert info["msgs"], f"no visible message referenced by aria-describedby: {info}"
    assert info["focused"], "focus was not moved to the field in error"
    violations = Axe().run(page).response["violations"]
    assert violations == [], [v["id"] for v in violations]
