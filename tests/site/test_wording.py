"""The wording catalogue (guide/wording/*.yaml): both languages for every key, and no key unused or missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculator.model import BASES, CERTAINTIES, GRADES
from calculator.schema import ROLES
from guide import wording
from guide.answers import ANSWERS
from guide.wording import WordingError, check_entry

TEMPLATES = Path(__file__).resolve().parents[2] / "guide" / "templates"
GUIDE = TEMPLATES.parent
OVERRIDES = GUIDE.parent / "overrides"
USED = re.compile(r'p\.w\(\s*"([a-z0-9_]+)"\s*[,)]')
QUOTED = re.compile(r"[\"']([a-z0-9_]+)[\"']")


def test_every_key_has_both_languages():
    for key, entry in wording.catalogue().items():
        assert set(entry) == {"en", "zh"}, key


@pytest.mark.parametrize("entry", [{"en": "x"}, {"zh": "x"}, {"en": "x", "zh": "y", "fr": "z"}, "x", {"en": 1, "zh": "y"}])
def test_a_key_in_one_language_only_is_refused(entry):
    with pytest.raises(WordingError):
        check_entry("t.yaml", "k", entry)


def test_placeholders_must_match_across_languages():
    with pytest.raises(WordingError, match="placeholders differ"):
        check_entry("t.yaml", "k", {"en": "{name} pays", "zh": "支付"})


def test_a_key_defined_twice_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text('k: {en: "a", zh: "甲"}\n', encoding="utf-8")
    (tmp_path / "b.yaml").write_text('k: {en: "b", zh: "乙"}\n', encoding="utf-8")
    with pytest.raises(WordingError, match="already defined in a.yaml"):
        wording.catalogue(tmp_path)


def test_templates_use_only_catalogue_keys_and_every_key_is_used():
    used = set()
    for template in TEMPLATES.glob("*.j2"):
        used |= set(USED.findall(template.read_text(encoding="utf-8")))
    known = set(wording.catalogue())
    assert not used - known, f"templates ask for keys the catalogue lacks: {sorted(used - known)}"
    # keys the build's Python asks for by name, and the families it builds names for
    for module in (*GUIDE.glob("*.py"), *TEMPLATES.glob("*.j2"), *OVERRIDES.glob("*.html")):
        used |= set(QUOTED.findall(module.read_text(encoding="utf-8"))) & known
    used |= {"situation_flexible_none", "situation_flexible"}  # chosen by an expression in region.md.j2
    used |= {"grade_" + g.replace("-", "_") for g in (*GRADES, "not_published")}
    used |= {f"role_{role}" for role in ROLES} | {f"tagline_{i}" for i in (1, 2, 3)}
    used |= {f"row_{role}" for role in ("current", "previous", "upcoming", "before_first", "not_published")}
    used |= {f"basis_{basis}" for basis in BASES if basis != "local"} | {f"sure_{c}" for c in CERTAINTIES}
    used |= {f"answer_{situation}" for situation in ANSWERS}
    assert not known - used, f"catalogue keys nothing uses: {sorted(known - used)}"


def test_widget_strings_are_generated_from_the_catalogue():
    """docs/javascripts/calculator/strings.js is what `python -m guide` writes from the catalogue (grade labels
    included), so the widget and the pages cannot word a grade differently."""
    from guide.widget_strings import MODULE, strings_module, widget_entries

    module = Path(__file__).resolve().parents[2] / "docs" / MODULE
    assert module.read_text(encoding="utf-8") == strings_module(), "run `python -m guide` to regenerate strings.js"
    assert widget_entries()  # every entry has both languages and the same placeholders (check_entry)
    for lang, label in (("en", "secondary"), ("zh", "二手来源")):
        assert f'"secondary": "{label}"' in strings_module().split(f'"{lang}": {{', 1)[1]
