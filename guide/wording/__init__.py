"""The wording catalogue: every word a generated page says, in English and Chinese, by key.

One YAML file per page kind (plus common.yaml and tables.yaml for shared blocks); every key has exactly
`en` and `zh`. Templates ask for words with ``Wording(lang)(key, **values)``; placeholders are
``str.format`` fields, so a missing value fails the build instead of printing a gap.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from guide.yaml_loader import load_yaml

FOLDER = Path(__file__).resolve().parent
LANGS = ("en", "zh")
WIDGET = "widget.yaml"


class WordingError(ValueError):
    pass


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_entry(file: str, key: str, entry: object) -> dict[str, str]:
    """An entry has both languages as text, and both name the same placeholders."""
    if not isinstance(entry, dict) or set(entry) != set(LANGS):
        raise WordingError(f"{file}: {key}: needs exactly {' and '.join(LANGS)} (has {sorted(entry) if isinstance(entry, dict) else type(entry).__name__})")
    for lang in LANGS:
        if not isinstance(entry[lang], str):
            raise WordingError(f"{file}: {key}.{lang}: must be text")
    if _fields(entry["en"]) != _fields(entry["zh"]):
        raise WordingError(f"{file}: {key}: placeholders differ: en {sorted(_fields(entry['en']))}, zh {sorted(_fields(entry['zh']))}")
    return entry


@cache
def catalogue(folder: Path = FOLDER) -> dict[str, dict[str, str]]:
    """Every entry of every file; a key defined in two files is an error."""
    out: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for file in sorted(folder.glob("*.yaml")):
        if file.name == WIDGET:  # the widget's words: guide/widget_strings.py writes them into its own module
            continue
        data, _ = load_yaml(file)
        for key, entry in (data or {}).items():
            if key in out:
                raise WordingError(f"{file.name}: {key}: already defined in {where[key]}")
            out[key] = check_entry(file.name, key, entry)
            where[key] = file.name
    return out


class Wording:
    """The catalogue in one language, called as ``w(key, **values)``."""

    def __init__(self, lang: str, entries: dict[str, dict[str, str]] | None = None):
        self.lang = lang
        self.entries = catalogue() if entries is None else entries

    def __call__(self, key: str, **values: object) -> str:
        text = self.entries[key][self.lang]
        return text.format(**values) if values or _fields(text) else text
