"""The partner snippet as docs/partners.md publishes it (a unique module name, so tests can import it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTNERS_MD = ROOT / "docs" / "partners.md"
SNIPPET_ORIGIN = "https://guide.example"  # the placeholder origin in the documented snippet


def documented_snippet() -> str:
    """The iframe + resize snippet exactly as docs/partners.md publishes it (the test uses the docs' code)."""
    text = PARTNERS_MD.read_text(encoding="utf-8")
    blocks = re.findall(r"```html\n(.*?)```", text, re.S)
    snippets = [b for b in blocks if "<iframe" in b and "mi-calculator:height" in b]
    assert len(snippets) == 1, "docs/partners.md must hold one html block with the iframe and the resize listener"
    return snippets[0]
