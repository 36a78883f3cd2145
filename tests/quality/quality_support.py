"""Page lists and paths shared by the quality gates (a unique module name, so tests can import it)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"

# Every page type, as paths under a language prefix ("" or "zh/").
PAGE_TYPES = {
    "home": "",
    "region": "regions/guangzhou/",
    "comparison": "regions/",
    "national-rules": "national-rules/",
    "calculator": "calculator/",
    "methodology": "methodology/",
    "partners": "partners/",
    "accessibility": "accessibility/",
    "changelog": "changelog/",
    "embed": "embed/calculator/",
    "not-covered": "regions/not-covered/",
}
LANGS = {"en": "", "zh": "zh/"}
