"""Writing generated files: atomic, only on change, and nothing before everything has rendered."""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from calculator.model import Rules
from calculator.schema import rules_to_dict

from . import cards
from .paths import REGIONS_DIR, SUFFIX, TOP_LEVEL_PAGES


def canonical_json(rules: Rules) -> str:
    return json.dumps(rules_to_dict(rules), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Atomic and only on change, so mkdocs serve does not loop and a failed build leaves old files intact."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def generated_on_disk(docs: Path) -> set[str]:
    found = {p.relative_to(docs).as_posix() for p in (docs / REGIONS_DIR).glob("*.md")} if (docs / REGIONS_DIR).exists() else set()
    for name in TOP_LEVEL_PAGES:
        for sfx in SUFFIX.values():
            if (docs / f"{name}{sfx}.md").exists():
                found.add(f"{name}{sfx}.md")
    return found


def stale_files(docs: Path, pages: dict[str, str]) -> list[str]:
    stale = [rel for rel, text in pages.items()
             if not (docs / rel).exists() or (docs / rel).read_text(encoding="utf-8") != text]
    stale += sorted(generated_on_disk(docs) - set(pages))
    return sorted(stale)


def write_pages(docs: Path, pages: dict[str, str]) -> list[str]:
    changed = [rel for rel, text in sorted(pages.items()) if write_if_changed(docs / rel, text)]
    for rel in sorted(generated_on_disk(docs) - set(pages)):  # a region removed from policies/
        (docs / rel).unlink()
        changed.append(rel)
    return changed


def start_cards(folder: Path, specs: dict[str, dict]) -> Future:
    """cards.write_cards in a background thread, for the mkdocs hook: rendering the cards (worker processes) then
    overlaps mkdocs converting the pages, and the hook waits for it before mkdocs copies static files (on_env).
    mkdocs lists docs/ before that, so every card must already exist by name: a new one starts as an empty
    file (it has no stored hash, so write_cards renders it), and a card no longer wanted goes now, not after
    mkdocs listed it. The future's result() re-raises a rendering error."""
    if folder.exists():
        for png in sorted(folder.rglob("*.png")):
            if png.relative_to(folder).as_posix() not in specs:
                png.unlink()
    for rel in specs:
        path = folder / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cards")
    try:
        return pool.submit(cards.write_cards, folder, specs)
    finally:
        pool.shutdown(wait=False)
