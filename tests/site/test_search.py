"""Search finds the answers: words a worker types lead to region pages, and an uncovered city to the page for
cities not covered yet. Checked on the built index, split the way the site's search splits it (the separator
from the index's own config; Chinese is segmented by jieba at build time)."""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture(scope="module")
def index(built):
    return json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))


def pages_matching(index, term: str) -> set[str]:
    separator = re.compile(index["config"]["separator"])
    found = set()
    for doc in index["docs"]:
        if term.lower() in separator.split(f"{doc['title']} {doc['text']}".lower()):
            found.add(doc["location"].split("#")[0])
    return found


@pytest.mark.parametrize(("term", "prefix"), [("hospital", "regions/"), ("住院", "zh/regions/")])
def test_hospital_words_find_region_pages(index, real_rules, term, prefix):
    found = pages_matching(index, term)
    assert {f"{prefix}{slug}/" for slug in real_rules.regions} <= found, sorted(found)


@pytest.mark.parametrize("term", ["东莞", "Dongguan"])
def test_an_uncovered_city_finds_the_not_covered_page(index, term):
    assert "regions/not-covered/" in pages_matching(index, term) or "zh/regions/not-covered/" in pages_matching(index, term)
