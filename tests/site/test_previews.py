"""Link previews and page weight: og:title/description/image on every page, the region card as the first
image, the cards themselves (1200x630, small, deterministic, written only when changed), and a region page
transferring under 300 KB without the Pyodide runtime (issue 8)."""

from __future__ import annotations

import gzip
import re
import struct
import sys
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

from guide.card_text import card_specs
from guide import cards  # noqa: E402

from site_build import AS_OF  # noqa: E402

PAGE_BUDGET = 300_000  # bytes on the wire for a region page and everything it loads, runtime excluded
CARD_BUDGET = 40_000


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def resolve(site: Path, page_url: str, ref: str) -> Path:
    return site / urlsplit(urljoin(page_url, ref)).path.lstrip("/")


def meta(text: str, prop: str) -> str | None:
    m = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', text)
    return unescape(m.group(1)) if m else None


def test_every_page_has_og_title_description_and_an_image_that_exists(built):
    site = built / "site"
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        for prop in ("og:title", "og:description", "og:image"):
            assert meta(text, prop), (page, prop)
        image = resolve(site, url_of(site, page), meta(text, "og:image"))
        assert image.is_file(), (page, meta(text, "og:image"))
        assert png_size(image.read_bytes()) == (1200, 630)
        assert meta(text, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_region_cards_are_for_link_previews_with_their_text_as_alt(built, rules, lang):
    """The card is what a shared link shows (og:image, its words as og:image:alt), not the top of the page."""
    site = built / "site"
    for slug, region in rules.regions.items():
        url = f"/zh/regions/{slug}/" if lang == "zh" else f"/regions/{slug}/"
        text = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        article = text[text.index("<article"):text.index("</article>")]
        assert "assets/cards/" not in article, url
        image = resolve(site, url, meta(text, "og:image"))
        assert image.name == f"{slug}-{lang}.png" and png_size(image.read_bytes()) >= (300, 300), (url, image)
        alt = unescape(meta(text, "og:image:alt"))
        assert alt.startswith(region.name.get(lang)) and AS_OF.isoformat() in alt, (url, alt)


def test_cards_are_small_and_reproducible(built, rules, tmp_path):
    folder = built / "docs" / cards.CARDS_DIR
    specs = card_specs(rules, AS_OF)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.png")) == sorted(specs)
    for rel, spec in list(specs.items())[:4]:
        data = (folder / rel).read_bytes()
        assert len(data) < CARD_BUDGET, (rel, len(data))
        assert cards.render(spec) == data, f"{rel}: rendering the same spec gave different bytes"
    # written only when the spec changed; a card nobody needs any more is removed
    mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*.png")}
    assert cards.write_cards(folder, specs) == []
    assert mtimes == {p: p.stat().st_mtime_ns for p in folder.rglob("*.png")}
    other = tmp_path / "cards"
    one = dict(list(specs.items())[:2])
    assert sorted(cards.write_cards(other, one)) == sorted(one)
    (other / "regions").mkdir(exist_ok=True)
    (other / "regions" / "gone-en.png").write_bytes(b"x")
    assert cards.write_cards(other, one) == ["regions/gone-en.png"]


def test_missing_font_fails_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(cards, "FONT", tmp_path / "nope.ttc")
    with pytest.raises(cards.CardError, match="fonts-noto-cjk"):
        cards.write_cards(tmp_path / "out", {"site-en.png": {}})


class _Loads(HTMLParser):
    """Everything a page loads by itself: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and set((a.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.refs.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.refs.append(a["src"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_region_page_transfers_under_300_kb_without_the_runtime(built, rules, lang):
    site = built / "site"
    worst = 0
    for slug in rules.regions:
        url = f"/zh/regions/{slug}/" if lang == "zh" else f"/regions/{slug}/"
        page = site / url.strip("/") / "index.html"
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        total = len(gzip.compress(page.read_bytes(), 6))
        for ref in dict.fromkeys(parser.refs):
            file = resolve(site, url, ref)
            assert "assets/runtime" not in file.as_posix(), f"{url} loads the runtime up front: {ref}"
            data = file.read_bytes()
            total += len(data) if file.suffix == ".png" else len(gzip.compress(data, 6))
        worst = max(worst, total)
        assert total < PAGE_BUDGET, f"{url}: {total} bytes transferred (gzip), budget {PAGE_BUDGET}"
    print(f"region_page_bytes_{lang}={worst}")
