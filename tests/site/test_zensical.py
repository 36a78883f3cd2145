"""The second generator: the same generated pages built with Zensical (devtools/zensical_site.py) as two
single-language sites, English at / and Chinese at /zh/, joined by the language switch. Checked against the
mkdocs build (the production one): the same region pages, each with the ten stable anchors, in both languages.

Zensical is pinned in requirements.txt, so a missing install is a failure here, not a skip."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_build import AS_OF, make_copy

ANCHORS = ("summary", "can-i-pay-back", "how-to-pay-back", "how-much", "if-you-do-not-pay", "after-leaving-a-job",
           "retirement", "legal-basis", "contacts", "sources")
PREFIX = {"en": "", "zh": "zh/"}
OTHER = {"en": "zh", "zh": "en"}
ELEMENT_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')
HEADING_ID = re.compile(r'<h[1-6][^>]*?\sid="([^"]+)"')
SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([a-z]+)"[^>]*class="md-select__link"')
HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]+)">')

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    try:
        import zensical  # noqa: F401
    except ImportError as exc:  # pinned in requirements.txt: `make install` brings it
        pytest.fail(f"zensical is not installed ({exc}); run `make install` (requirements.txt pins it)")
    from devtools import zensical_site

    tmp = tmp_path_factory.mktemp("zensical")
    src = make_copy(tmp / "src")
    zensical_site.generate(src, AS_OF)
    start = time.perf_counter()
    times = zensical_site.build(src, tmp / "site", AS_OF, work=src / "build" / "zensical")
    print(f"zensical build: en {times['en']:.1f} s, zh {times['zh']:.1f} s, "
          f"with preparation {time.perf_counter() - start:.1f} s")
    return tmp / "site"


def region_slugs(site: Path, lang: str) -> set[str]:
    return {p.parent.name for p in (site / PREFIX[lang] / "regions").glob("*/index.html")} - {"not-covered"}


def page(site: Path, lang: str, slug: str) -> str:
    return (site / PREFIX[lang] / "regions" / slug / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_region_page_has_the_ten_anchors(zensical_site, rules, lang):
    assert region_slugs(zensical_site, lang) == set(rules.regions)
    for slug in rules.regions:
        ids = set(ELEMENT_ID.findall(page(zensical_site, lang, slug)))
        missing = [a for a in ANCHORS if a not in ids]
        assert not missing, f"zensical {lang}/regions/{slug}: missing #{', #'.join(missing)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_same_region_pages_and_anchors_as_the_mkdocs_build(zensical_site, built, lang):
    mkdocs_site = built / "site"
    slugs = region_slugs(mkdocs_site, lang)
    assert slugs and region_slugs(zensical_site, lang) == slugs
    for slug in sorted(slugs):
        ours, theirs = page(zensical_site, lang, slug), page(mkdocs_site, lang, slug)
        for anchor in ANCHORS:
            assert f'id="{anchor}"' in theirs, f"mkdocs {lang}/regions/{slug}: #{anchor} missing"
        # Every heading anchor, not just the ten: section links partners may use resolve in both builds.
        assert set(HEADING_ID.findall(ours)) == set(HEADING_ID.findall(theirs)), f"{lang}/regions/{slug}"
        # The raw HTML blocks (tables, source lists) come through as HTML, not as escaped text.
        assert ours.count("<table") == theirs.count("<table") > 0, f"{lang}/regions/{slug}: tables"
        assert "&lt;table" not in ours and "&lt;details" not in ours


def test_the_language_switch_links_each_page_to_its_twin(zensical_site, rules):
    pages = [f"regions/{slug}/" for slug in rules.regions] + ["", "regions/", "calculator/", "contract/"]
    for lang in ("en", "zh"):
        for path in pages:
            url = f"https://example.org/{PREFIX[lang]}{path}"
            html = (zensical_site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")
            other = OTHER[lang]
            for pattern in (SWITCH, HEAD_ALTERNATE):  # the switch in the header and the hreflang links in <head>
                found = pattern.findall(html)
                links = {hreflang: urljoin(url, href) for href, hreflang in found}
                assert len(found) == 2, f"{lang}/{path}: {found}"
                assert links.get(other) == f"https://example.org/{PREFIX[other]}{path}", f"{lang}/{path}: {links}"
                assert links.get(lang) == url, f"{lang}/{path}: {links}"
            assert (zensical_site / PREFIX[other] / path / "index.html").is_file()
            assert f'<html lang="{lang}"' in html


def test_shortcodes_expanded_and_regions_in_the_nav(zensical_site, rules):
    from guide.page_models import province_groups

    for lang in ("en", "zh"):
        home = (zensical_site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
        assert "<!-- md:" not in home and AS_OF.isoformat() in home
        for slug in rules.regions:
            assert f'href="regions/{slug}/"' in home, f"{lang} home: no link to {slug}"
        # The nav the production hook builds: Regions, then a section per province.
        provinces = [province for province, _ in province_groups(rules, lang)]
        for slug in rules.regions:
            nav = page(zensical_site, lang, slug).split('md-nav--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
            missing = [p for p in provinces if f">{p}<" not in re.sub(r">\s+", ">", re.sub(r"\s+<", "<", nav))]
            assert not missing, f"{lang}/regions/{slug}: nav lacks {missing}"
    embed = (zensical_site / "embed" / "calculator" / "index.html").read_text(encoding="utf-8")
    assert f'datetime="{AS_OF.isoformat()}"' in embed


def test_one_headers_file_with_the_csp_hashes(zensical_site):
    headers = (zensical_site / "_headers").read_text(encoding="utf-8")
    assert "'sha256-" in headers and "inline-script-hashes'" not in headers.split("/*", 1)[1]
    assert not (zensical_site / "zh" / "_headers").exists()
