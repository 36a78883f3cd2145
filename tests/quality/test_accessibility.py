"""Accessibility gate: axe-core (axe-playwright-python) finds nothing on any page type, in both languages,
in the light and the dark palette, under the production headers (CSP included)."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_fixtures import wait_state
from quality_support import LANGS, PAGE_TYPES

pytestmark = pytest.mark.browser

# mkdocs-material keeps the reader's palette choice in localStorage under "<scope path>.__palette" (scope =
# the site root; see __md_get in material/templates/partials/javascripts/base.html). Set both possible
# scopes and also emulate the system preference, then check the body really carries the scheme.
PALETTES = {
    "light": {"index": 0, "color": {"media": "(prefers-color-scheme: light)", "scheme": "default",
                                    "primary": "teal", "accent": "teal"}},
    "dark": {"index": 1, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
                                   "primary": "teal", "accent": "teal"}},
}
AXE = Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.fixture(scope="module", params=sorted(PALETTES))
def palette_context(request, browser):
    name = request.param
    context = browser.new_context(color_scheme=name)
    value = json.dumps(json.dumps(PALETTES[name]))
    context.add_init_script(
        f"try {{ localStorage.setItem('/.__palette', {value}); localStorage.setItem('/zh/.__palette', {value}); }}"
        " catch (e) {}")
    yield name, context
    context.close()


def run_axe(page, context=None) -> list[dict]:
    return AXE.run(page, context=context).response["violations"]


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_axe_zero_violations(palette_context, site_url, page_type, lang):
    scheme, context = palette_context
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{LANGS[lang]}{PAGE_TYPES[page_type]}")
        if page.locator("div.mi-calculator").count():
            # Check the widget as built by calculator.js, once the runtime is ready.
            page.evaluate("window.calculator.start()")  # region pages load it lazily (on scroll/focus)
            assert wait_state(page)["state"] == "ready"
        body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert body_scheme == PALETTES[scheme]["color"]["scheme"], f"palette not applied: {body_scheme}"
        violations = run_axe(page)
        assert violations == [], f"{lang} {page_type} ({scheme}):\n{describe(violations)}"
    finally:
        page.close()
