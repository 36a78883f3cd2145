"""Inline code in the built pages (issue 19): every executable inline script is one the templates emit (so
--write-headers succeeds and the CSP trusts exactly those), and JSON data blocks cannot close their tag."""

import re

from devtools import serve
from guide.formatting import tojson_line as _tojson_line

DATA_BLOCK = re.compile(r"<script\b[^>]*type=\"application/(?:ld\+)?json\"[^>]*>(.*?)</script>", re.S)


def test_every_inline_script_of_the_build_is_a_template_script(built):
    scripts, styles = serve.inline_hashes(built / "site")  # raises InlineCodeError naming a stranger's page
    assert scripts and len(scripts) < 20


def test_json_data_blocks_hold_no_markup_characters(built):
    blocks = 0
    for page in (built / "site").rglob("*.html"):
        for body in DATA_BLOCK.findall(page.read_text(encoding="utf-8")):
            blocks += 1
            assert "<" not in body and ">" not in body, page
    assert blocks > 20


def test_front_matter_json_escapes_what_could_end_a_script():
    text = _tojson_line({"q": "</script><script>alert(1)</script><!--", "a": "a & b"})
    assert "<" not in text and ">" not in text and "&" not in text
