"""The raw HTML blocks of generated pages (tables, source lists): values escaped, and every block back in place
after the mkdocs hook passed it around Python-Markdown."""

from __future__ import annotations

import re

from guide import markdown_blocks, render
from site_build import AS_OF

from calculator.model import Text
from calculator.record import replace

BLOCK = re.compile(re.escape(markdown_blocks.HTML_BLOCK_START) + r"\n(.*?)\n" + re.escape(markdown_blocks.HTML_BLOCK_END), re.S)
HOSTILE = "<img src=x onerror=alert(1)> \"q\" & 'a' *em*"


def test_md_inline_escapes_text_and_keeps_markdown():
    assert markdown_blocks.md_inline("Q&A on 5 < 6") == "Q&amp;A on 5 &lt; 6"
    assert markdown_blocks.md_inline("see flexible_fixed_amount") == "see flexible_fixed_amount"
    assert markdown_blocks.md_inline("**b** [x](https://a.example/?p=1&q=2)") == (
        '<strong>b</strong> <a href="https://a.example/?p=1&amp;q=2">x</a>')
    assert markdown_blocks.md_inline("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"  # policy text holds no HTML


def test_hostile_source_text_is_escaped_in_every_block(rules):
    sources = {sid: replace(s, title=Text(HOSTILE, HOSTILE), issuer=Text(HOSTILE, HOSTILE),
                                        doc_no=HOSTILE, url=s.url + '?a="b"')
               for sid, s in rules.sources.items()}
    pages = render.render_all(replace(rules, sources=type(rules.sources)(sources)), AS_OF)
    for name, md in pages.items():
        blocks = "\n".join(BLOCK.findall(md))
        assert "<img" not in blocks and '"b"' not in blocks, name
    slug = next(iter(rules.regions))
    assert "<em>em</em>" in "\n".join(BLOCK.findall(pages[f"regions/{slug}.md"]))  # Markdown still applies


def test_blocks_are_back_in_the_built_pages(built, rules):
    slug = next(iter(rules.regions))
    md = (built / "docs" / "regions" / f"{slug}.md").read_text(encoding="utf-8")
    assert len(BLOCK.findall(md)) >= 8
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "html-block" not in text and "mihtmlblock" not in text, page
    pages = [(built / "site" / "regions" / s / "index.html").read_text(encoding="utf-8") for s in rules.regions]
    assert all('<span id="src-' in page and "<tbody>" in page for page in pages)
    assert any('<div aria-label="Month-by-month example, employee" class="mi-scroll mi-stack"' in page for page in pages)
