"""Readers get plain answers; editors' research notes stay in the YAML (`research:` is never loaded).

A reader page must not carry the editors' working vocabulary: repository names, "this file", "low-quality
page", internal source ids. Sources are still cited by title and issuer in each page's Sources list, which
this check leaves out (a secondary source may be a repository, and is named as such there)."""

from __future__ import annotations

import re

import pytest

from guide import paths, render
from site_build import AS_OF

JARGON = re.compile(
    r"github|alaric|weante|shell-fly|city-salary|china-pension|this file|本文件|low-quality|低质量|"
    r"verbatim|excerpt|摘录|research dossier|调研档案|background knowledge|personal calculator|个人计算器|口径",
    re.I,
)


def visible(markdown: str) -> str:
    """The words a reader sees above the Sources list: no front matter, link targets or tag attributes."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = text.split("{#sources}")[0]
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"<[^>]*>", " ", text)


@pytest.fixture(scope="module")
def pages(real_rules):
    return render.render_all(real_rules, AS_OF)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_research_jargon_on_region_pages(pages, real_rules, lang):
    found = {}
    for slug in real_rules.regions:
        text = visible(pages[f"regions/{slug}{paths.SUFFIX[lang]}.md"])
        hits = sorted({m.group(0).lower() for m in JARGON.finditer(text)})
        ids = [sid for sid in real_rules.sources if re.search(rf"(?<![\w./#-]){re.escape(sid)}(?![\w-])", text)]
        if hits or ids:
            found[slug] = hits + ids
    assert not found, f"editors' words on reader pages: {found}"


def test_the_check_catches_research_notes():
    assert JARGON.search(visible("Seen only on a low-quality page; see weante/city-salary."))
    assert not JARGON.search(visible("## Sources {#sources}\n\n- weante/city-salary (GitHub), secondary"))
