"""Where the build reads and writes, and the two languages it writes in."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"

RULES_JSON = ROOT / "build" / "rules.json"
DOCS = ROOT / "docs"
TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGS = ("en", "zh")
SUFFIX = {"en": "", "zh": ".zh"}
# Generated files outside docs/regions/ (which is generated as a whole and gitignored).
TOP_LEVEL_PAGES = ("national-rules", "changelog")
REGIONS_DIR = "regions"


ENV_AS_OF = "GUIDE_AS_OF"  # read by the mkdocs hook (tests and previews pin the date)
ENV_POLICIES = "GUIDE_POLICIES"
