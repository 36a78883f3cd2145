"""Answer first, on a phone (375 × 812 CSS px): on every region page, in both languages, the four answers end
within the first two screens, and nothing is wider than the screen unless it sits in a scrolling box."""

from __future__ import annotations

import pytest
from quality_support import LANGS

PHONE = {"width": 375, "height": 812}
TWO_SCREENS = 2 * PHONE["height"]

# Elements wider than the viewport that are not inside an element that scrolls sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if ((style.overflowX === "auto" || style.overflowX === "scroll") && up.clientWidth <= width) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if (getComputedStyle(el).position === "fixed" || scrolls(el)) continue;
    wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
  }
  return wide.slice(0, 5);
}"""


@pytest.fixture()
def phone(browser, site_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGS))
def test_the_four_answers_fit_two_phone_screens(phone, site_url, real_rules, lang):
    for slug in real_rules.regions:
        phone.goto(f"{site_url}/{LANGS[lang]}regions/{slug}/", wait_until="load")
        answers = phone.locator(".mi-answer")
        assert answers.count() == 4, slug
        bottom = phone.evaluate("() => { const b = document.querySelector('.mi-answers').getBoundingClientRect();"
                                " return b.bottom + window.scrollY; }")
        assert bottom <= TWO_SCREENS, f"{lang} {slug}: answers end at {bottom:.0f} px (two screens: {TWO_SCREENS})"
        assert phone.evaluate(OVERFLOW) == [], f"{lang} {slug}: wider than the screen"


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.parametrize("path", ["", "regions/", "regions/not-covered/", "calculator/", "national-rules/"])
def test_other_pages_fit_the_phone_width(phone, site_url, lang, path):
    phone.goto(f"{site_url}/{LANGS[lang]}{path}", wait_until="load")
    assert phone.evaluate(OVERFLOW) == [], f"{lang} /{path}: wider than the screen"
