"""A throwaway copy of the site sources, for builds that must not write into the working tree
(the site tests and the build benchmark). Generated pages are left out; assets are linked, not copied."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ("regions", "national-rules.md", "national-rules.zh.md", "changelog.md", "changelog.zh.md", "api")
GENERATED_ASSETS = ("cards",)  # preview cards: generated, and the copy must not write through a symlink


def make_copy(dest: Path, policies: Path | None = None) -> Path:
    """mkdocs.yml, overrides/, policies/ (code is linked) and the hand-written docs/ (no generated pages)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(policies or ROOT / "policies", dest / "policies")
    for package in ("calculator", "guide"):  # code is linked: the copy differs only in data and pages
        (dest / package).symlink_to(ROOT / package, target_is_directory=True)
    docs = dest / "docs"
    docs.mkdir()
    for item in (ROOT / "docs").iterdir():
        if item.name in GENERATED or item.name == "assets":
            continue
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, docs / item.name)
    if (ROOT / "docs" / "assets").exists():
        (docs / "assets").mkdir()
        for item in (ROOT / "docs" / "assets").iterdir():
            if item.name not in GENERATED_ASSETS:
                (docs / "assets" / item.name).symlink_to(item)
    return dest
