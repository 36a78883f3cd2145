"""The built site: pages, anchors, numbers from the core, determinism, goldens, hosts, search, failures."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from decimal import Decimal, InvalidOperation
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from guide import cli, examples, paths, render
from guide.formatting import fmt_money
import pytest
from site_build import AS_OF, ROOT, make_copy, mkdocs_build

from calculator import calculate

ANCHORS = ("summary", "can-i-pay-back", "how-to-pay-back", "how-much", "if-you-do-not-pay", "after-leaving-a-job",
           "retirement", "legal-basis", "contacts", "sources")
LANG_PREFIX = {"en": "", "zh": "zh/"}
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_REGIONS = ("guangzhou", "beijing")


def html(built: Path, lang: str, path: str) -> str:
    return (built / "site" / LANG_PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


# ---- pages and anchors ------------------------------------------------------------------------------


def test_there_are_regions(rules):
    assert rules.regions, "no region files in policies/regions/"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_region_has_a_page_with_all_ten_anchors(built, rules, lang):
    for slug in rules.regions:
        page = html(built, lang, f"regions/{slug}")
        for anchor in ANCHORS:
            assert f'id="{anchor}"' in page, f"{lang}/regions/{slug}: #{anchor} missing"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_generated_markdown_structure(built, rules, lang):
    sfx = paths.SUFFIX[lang]
    for slug in rules.regions:
        md = (built / "docs" / "regions" / f"{slug}{sfx}.md").read_text(encoding="utf-8")
        headings = re.findall(r"^## .*\{#([a-z-]+)\}$", md, flags=re.M)
        assert headings == list(ANCHORS), f"{slug}{sfx}: section order {headings}"
        body = md.split("\n---\n", 1)[1]  # after the front matter (its JSON-LD has braces)
        for bad in ("{{", "{%", "}}", "%}", "None", "Undefined"):
            assert bad not in body, f"{slug}{sfx}.md contains {bad!r}"
        assert re.search(rf"(Numbers computed for|数字计算日期) <strong[^>]*>{AS_OF}<", md), f"{slug}{sfx}: no as-of line"
        assert re.search(rf"(Last reviewed|最近核对) <strong[^>]*>{rules.regions[slug].last_reviewed}<", md)
        assert 'class="mi-calculator" data-region="' + slug + '"' in md


def test_no_template_leftovers_in_html(built):
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, page


def test_no_unrendered_markdown_links_in_html(built):
    # Markdown inside a raw HTML element (a <noscript>, say) is not rendered: readers would see "[text](x.md)".
    for page in (built / "site").rglob("*.html"):
        text = re.sub(r"<(script|style|code|pre|template)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        leftover = re.search(r"\[[^\]<>]+\]\([^)\s]+\)", text)
        assert leftover is None, f"{page}: {leftover.group(0)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_comparison_table_lists_every_region(built, rules, lang):
    page = html(built, lang, "regions")
    text = unescape(page)  # the table is escaped HTML: Xi'an is Xi&#39;an
    for slug, region in rules.regions.items():
        assert f'href="{slug}/"' in page, f"{slug} missing from the {lang} comparison table"
        assert region.name.get(lang) in text


def test_unverified_values_get_a_caution_right_after_the_answers(built, rules):
    for slug in rules.regions:
        md = (built / "docs" / "regions" / f"{slug}.md").read_text(encoding="utf-8")
        after_answers = md.split('<div class="mi-answers" markdown>', 1)[1].split("\n</div>\n", 1)[1].lstrip()
        in_force = md.split("{#parameters}", 1)[1].split("{#worked-examples}", 1)[0]
        rows = [r for r in in_force.split("<tr>") if re.search(r"<td[^>]*>in force", r)]  # the table is raw HTML
        assert rows, f"{slug}: no value in force in the parameters table"
        if any("mi-grade--unverified" in r for r in rows):
            assert after_answers.startswith("!!! danger"), f"{slug}: unverified value in force but no caution box"
        else:
            assert not after_answers.startswith("!!! danger"), slug


# ---- numbers in #how-much come from the core -------------------------------------------------------

DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _flatten(obj, out: set[str]) -> None:
    if isinstance(obj, dict):
        for v in obj.values():
            _flatten(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _flatten(v, out)
    elif isinstance(obj, bool) or obj is None:
        return
    else:
        out.add(str(obj))


def _allowed(result: dict, request: dict) -> tuple[set[str], set[Decimal]]:
    strings: set[str] = set()
    _flatten(result, strings)
    _flatten(request, strings)
    dates, numbers = set(), set()
    for s in strings:
        dates.update(DATE.findall(s))
        for tok in NUMBER.findall(DATE.sub(" ", s)):
            try:
                d = Decimal(tok.replace(",", ""))
            except InvalidOperation:
                continue
            numbers.update({d, d.scaleb(2)})  # rates are shown as percentages
    return dates, numbers


def _visible_numbers(md: str) -> tuple[list[str], list[Decimal]]:
    text = re.sub(r"\]\([^)]*\)", "]", md)  # link targets
    text = unescape(re.sub(r"<[^>]+>", " ", text))  # tags and their attributes; entities (&#39;) as shown
    text = re.sub(r"\bS\d+\b", " ", text)  # citation labels
    dates = DATE.findall(text)
    numbers = [Decimal(t.replace(",", "")) for t in NUMBER.findall(DATE.sub(" ", text))]
    return dates, numbers


def _example_block(md: str, anchor: str) -> str:
    start = md.index("{#" + anchor + "}")
    end = md.index("\n#", start)
    return md[start + len(anchor) + 3:end]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_worked_example_numbers_equal_the_core(built, rules, lang):
    sfx = paths.SUFFIX[lang]
    for slug in rules.regions:
        md = (built / "docs" / "regions" / f"{slug}{sfx}.md").read_text(encoding="utf-8")
        requests = examples.example_requests(rules, slug, AS_OF)
        for key, anchor in (("employee", "example-employee"), ("flexible", "example-flexible"),
                            ("retirement", "example-retirement")):
            request = requests[key]
            try:
                result = calculate(rules, request)
            except Exception as exc:  # a CalcError: the page shows its message instead of numbers
                result = exc.to_dict()
            block = _example_block(md, anchor)
            dates, numbers = _allowed(result, request)
            shown_dates, shown_numbers = _visible_numbers(block)
            assert set(shown_dates) <= dates, f"{slug}{sfx} {key}: dates not from the core {set(shown_dates) - dates}"
            stray = [n for n in shown_numbers if n not in numbers]
            assert not stray, f"{slug}{sfx} {key}: numbers not from the core: {stray}"
            if "error" in result:
                assert result["error"]["message"][lang] in block
                continue
            if key != "retirement":
                for name, total in result["totals"].items():
                    if name == "estimate":  # a flag, not an amount
                        continue
                    assert fmt_money(total) in block, f"{slug}{sfx} {key}: total {total} missing"
                for line in result["lines"]:
                    assert fmt_money(line["total"]) in block
            else:
                assert f"<strong>{result['shortfall_months']}</strong>" in block


# ---- determinism and goldens ---------------------------------------------------------------------


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and "assets/runtime" not in p.as_posix()}


def test_building_twice_gives_identical_output(built, tmp_path):
    src = make_copy(tmp_path / "src")
    proc = mkdocs_build(src, src / "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, second = _tree_digest(built / "site"), _tree_digest(src / "site")
    assert first.keys() == second.keys()
    differ = [k for k in first if first[k] != second[k]]
    assert not differ, f"files differ between two builds: {differ[:10]}"


@pytest.mark.parametrize("slug", GOLDEN_REGIONS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_markdown(rules, slug, lang):
    if slug not in rules.regions:
        pytest.skip(f"{slug} not in policies yet")
    name = f"{slug}{paths.SUFFIX[lang]}.md"
    rendered = render.render_all(rules, AS_OF)[f"regions/{name}"]
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with UPDATE_GOLDEN=1 and review the diff"
    assert rendered == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file (UPDATE_GOLDEN=1)"


def test_check_flag(built, tmp_path):
    docs = built / "docs"
    args = ["--docs", str(docs), "--policies", str(built / "policies"), "--as-of", AS_OF.isoformat(),
            "--rules-json", str(tmp_path / "rules.json")]
    assert cli.main([*args, "--quiet"]) == 0
    assert cli.main([*args, "--check"]) == 0
    other = tmp_path / "docs"
    shutil.copytree(docs, other)
    page = next((other / "regions").glob("*.zh.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    assert cli.main([*args[:1], str(other), *args[2:], "--check"]) == 1


# ---- hosts, search, SEO -----------------------------------------------------------------------------


class _Refs(HTMLParser):
    ATTRS: ClassVar[dict[str, str]] = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
             "embed": "src", "object": "data", "link": "href"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        want = self.ATTRS.get(tag)
        if tag == "link" and not set((attrs.get("rel") or "").split()) & {"stylesheet", "preload", "modulepreload",
                                                                           "icon", "prefetch", "manifest"}:
            return
        for key in (want, "srcset"):
            value = attrs.get(key) if key else None
            if value:
                self.found.append(value)
        style = attrs.get("style") or ""
        self.found += re.findall(r"url\(([^)]*)\)", style)


EXTERNAL = re.compile(r"^\s*['\"]?(?:https?:)?//", re.I)


def test_no_request_to_another_host(built):
    site = built / "site"
    bad = []
    for page in site.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        bad += [f"{page.relative_to(site)}: {ref}" for ref in parser.found if EXTERNAL.match(ref)]
    for css in site.rglob("*.css"):
        if "assets/runtime" in css.as_posix():
            continue
        text = css.read_text(encoding="utf-8", errors="replace")
        bad += [f"{css.relative_to(site)}: {u}" for u in re.findall(r"(?:url\(|@import\s+)\s*['\"]?((?:https?:)?//[^'\")\s]+)", text)]
    for js in list(site.rglob("*.js")) + list(site.rglob("*.mjs")):
        if "assets/runtime" in js.as_posix():  # the Pyodide runtime is checked by the browser tests
            continue
        text = js.read_text(encoding="utf-8", errors="replace")
        bad += [f"{js.relative_to(site)}: {u}" for u in re.findall(
            r"(?:fetch\(|importScripts\(|import\(|from\s+|new\s+Worker\(|\.src\s*=\s*)\s*['\"`]((?:https?:)?//[^'\"`]+)", text)]
    assert not bad, "references to other hosts:\n" + "\n".join(bad[:20])


def test_searching_bujiao_finds_region_pages(built, rules):
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    found = {doc["location"].split("#")[0] for doc in index["docs"]
             if "补缴" in separator.split(doc["title"] + " " + re.sub(r"<[^>]+>", " ", doc["text"]))}
    for slug in rules.regions:
        assert f"zh/regions/{slug}/" in found, f"searching 补缴 does not find zh/regions/{slug}/"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_faq_jsonld_matches_visible_questions(built, rules, lang):
    for slug in rules.regions:
        page = html(built, lang, f"regions/{slug}")
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        assert data["@type"] == "FAQPage"
        h2 = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
        h2 = [unescape(h).replace("¶", "").strip() for h in h2]
        for q in data["mainEntity"]:
            assert q["name"] in h2, f"{lang}/{slug}: JSON-LD question not a visible heading: {q['name']}"
            assert q["acceptedAnswer"]["text"]


def test_every_page_has_title_description_and_open_graph(built):
    for page in (built / "site").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        assert re.search(r"<title>[^<]+</title>", text), page
        assert '<meta name="description"' in text, page
        for prop in ("og:title", "og:description", "og:type"):
            assert f'property="{prop}"' in text, (page, prop)


def test_chinese_pages_use_the_chinese_theme(built):
    page = html(built, "zh", "regions")
    assert '<html lang="zh"' in page
    assert "搜索" in page


# ---- changes and failures ------------------------------------------------------------------------


def test_changing_a_policy_value_changes_the_page(built, rules, tmp_path):
    slug = next(iter(rules.regions))
    policies = tmp_path / "policies"
    shutil.copytree(built / "policies", policies)
    docs = tmp_path / "docs"
    args = ["--policies", str(policies), "--docs", str(docs), "--as-of", AS_OF.isoformat(),
            "--rules-json", str(tmp_path / "rules.json"), "--quiet"]
    assert cli.main(args) == 0
    before = (docs / "regions" / f"{slug}.md").read_text(encoding="utf-8")
    national = policies / "national.yaml"
    text = national.read_text(encoding="utf-8")
    assert "value: 0.0005" in text
    national.write_text(text.replace("value: 0.0005", "value: 0.0006", 1), encoding="utf-8")
    assert cli.main(args) == 0
    after = (docs / "regions" / f"{slug}.md").read_text(encoding="utf-8")
    assert before != after
    assert "0.06%" in after and "0.06%" not in before


def test_broken_policy_fails_the_build_and_keeps_the_previous_output(built, rules, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(built, src, symlinks=True)
    site_before, docs_before = _tree_digest(src / "site"), _tree_digest(src / "docs")
    slug = next(iter(rules.regions))
    file = src / "policies" / "regions" / f"{slug}.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("last_reviewed:", "last_reviewd:", 1), encoding="utf-8")
    proc = mkdocs_build(src, src / "site")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert f"{slug}.yaml:" in out and "last_reviewd" in out, out[-2000:]
    assert _tree_digest(src / "site") == site_before
    assert _tree_digest(src / "docs") == docs_before
    assert cli.main(["--policies", str(src / "policies"), "--docs", str(src / "docs"), "--check"]) == 2


def test_fail_stale_option(built, tmp_path):
    args = ["--policies", str(built / "policies"), "--docs", str(tmp_path / "docs"), "--rules-json",
            str(tmp_path / "rules.json"), "--check-policies"]
    assert cli.main([*args, "--as-of", "2099-01-01"]) == 0
    assert cli.main([*args, "--as-of", "2099-01-01", "--fail-stale"]) == 3
