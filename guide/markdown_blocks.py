"""Policy text (Markdown, no HTML) as HTML, and the raw HTML blocks the mkdocs hook keeps away from Markdown."""

from __future__ import annotations

import re
from functools import cache
from html import escape

import markdown
from markupsafe import Markup

# Characters that can start Markdown (or HTML) inline syntax; text without any of them renders as itself.
_MD_SYNTAX = re.compile(r"[\\`*_\[\]{}<>&!]|\n|^\s|\s$|^(?:[-+#>]|\d+[.)])")


@cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["attr_list"])
    # Policy text holds no HTML (policies/README.md): in these blocks a tag in it is shown as text, not passed on.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


# Marks a raw HTML block of a generated page. The mkdocs hook lifts each one out of the Markdown before
# Python-Markdown runs and puts it back into the HTML after (Markdown would only pass it through, after parsing
# it tag by tag); without the hook Markdown passes block and markers through as they are.
HTML_BLOCK_START, HTML_BLOCK_END = "<!-- html-block -->", "<!-- /html-block -->"


def html_block(html: str) -> Markup:
    """The jinja filter around the templates' HTML blocks: markers on their own lines, then a line break."""
    return Markup(f"{HTML_BLOCK_START}\n{str(html).strip()}\n{HTML_BLOCK_END}\n")


def md_inline(text: str) -> Markup:
    """Policy text (Markdown allowed, no HTML) as HTML, for the blocks the templates write as raw HTML (Markdown
    skips raw HTML blocks, which is what makes the big tables cheap to build). Plain text, nearly all of it, is
    only escaped: that is exactly what Markdown would output for it. Anything else goes through Python-Markdown,
    whose outer paragraph is dropped."""
    text = str(text)
    if not _MD_SYNTAX.search(text):
        return Markup(escape(text, quote=False))
    out = _markdown().reset().convert(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)
