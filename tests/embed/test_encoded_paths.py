"""A partner on another localhost origin cannot frame a non-embed page by spelling its path through /embed/
(issue 19). The HTTP-level check of every spelling is tests/test_serve_paths.py; here Chromium itself tries
the spellings it sends unchanged (it resolves "..", "%2e%2e" and "\\" itself, but not an encoded "/")."""

import pytest

SPELLINGS = ["/embed%2f..%2fcalculator/", "/embed/calculator%2f..%2f..%2fcalculator/", "/zh/embed%2f..%2f..%2fcalculator/",
             "/embed/%2e%2e%2fcalculator/", "/embed%5c..%5ccalculator/"]


def framed(page, partner, src: str, name: str):
    page.goto(partner.page(name, f'<iframe id="f" src="{src}" width="600" height="400"></iframe>'))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return [f for f in page.frames if f != page.main_frame]


def test_the_embed_page_itself_frames(page, site_url, partner):
    frames = framed(page, partner, f"{site_url}/embed/calculator/", "control.html")
    assert frames and frames[0].url.startswith(site_url)
    assert frames[0].locator(".mi-calculator").count() == 1


@pytest.mark.parametrize("path", SPELLINGS)
def test_encoded_paths_do_not_frame_a_non_embed_page(page, site_url, partner, path):
    frames = framed(page, partner, site_url + path, "encoded.html")
    for frame in frames:
        shown = frame.url.startswith(site_url) and frame.locator(".mi-calculator").count() > 0
        assert not shown, f"{path} framed the calculator page: {frame.url}"
