"""What the published JSON Schema accepts and what the loader (calculator.schema.load_rules) accepts agree.

Documents are generated from a real region's canonical rules by one structural mutation each: a value
replaced by one of another shape or an edge-case string, a key removed, an unknown key added. Fields whose
validity depends on other parts of the document (source references, date order, inherited parameters,
a floor above its ceiling) are left alone: a JSON Schema cannot express those, the loader alone checks them.
"""

from __future__ import annotations

import copy
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.schema import PolicyError, load_rules
from guide import api, api_schemas

# Paths (as regexes over "/"-joined keys) whose meaning is relational: checked by the loader only.
RELATIONAL = [re.compile(p) for p in (
    r".*/source$", r".*/sources/\d+$", r"^(national|regions/[^/]+)/sources/[^/]+$", r".*/legal_basis/\d+$", r".*/inputs(/\d+)?$",  # references to sources
    r".*/values/[^/]+$",  # a date key's entry as a whole (dates must ascend)
    r"^regions/[^/]+/region/slug$", r".*/inherits(/\d+)?$", r".*/parameters/[^/]+$",  # identity, inheritance
    r".*/base_(floor|ceiling)/.*", r".*/flexible_base_(floor|ceiling)/.*",  # floor <= ceiling
    r"^regions/[^/]+/last_reviewed$", r"^national/last_reviewed$",
    r"^regions(/[^/]+)?$", r".*/text/.*/sources$", r".*/sources$", r".*/parameters$",  # the API document holds one region; text items cite sources
)]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.just([]), st.just({}), st.just(["x"]),
    st.sampled_from(["", " ", "x", "0.02", "-1", "1e5", "2025-13-01", "2025-01-01", "abc-def", "ROUND_HALF_UP",
                     "http://example.org/x", "javascript:alert(1)", "<b>x</b>", "日本", "official", "records",
                     "123456", "12345"]),
)


def walk(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


def relational(path) -> bool:
    text = "/".join(str(p) for p in path)
    return any(rx.match(text) for rx in RELATIONAL)


@pytest.fixture(scope="module")
def document(real_rules):
    return api.rules_document(real_rules, "guangzhou")


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(api_schemas.rules_schema())


def mutate(document, data):
    doc = copy.deepcopy(document)
    rules = doc["rules"]
    paths = [p for p in walk(rules) if p and not relational(p)]
    path = data.draw(st.sampled_from(paths))
    parent = rules
    for key in path[:-1]:
        parent = parent[key]
    kind = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if kind == "replace":
        parent[path[-1]] = data.draw(VALUES)
    elif kind == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]]["unexpected_key"] = "x"
    return doc, f"{kind} {'/'.join(map(str, path))}"


def loader_accepts(rules_dict) -> bool:
    try:
        load_rules(rules_dict)
    except PolicyError:
        return False
    return True


def test_the_unmutated_document_passes_both(document, validator):
    assert validator.is_valid(document) and loader_accepts(document["rules"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_schema_and_loader_agree(document, validator, data):
    doc, how = mutate(document, data)
    schema_ok, loader_ok = validator.is_valid(doc), loader_accepts(doc["rules"])
    assert schema_ok == loader_ok, f"{how}: schema {'accepts' if schema_ok else 'rejects'}, loader {'accepts' if loader_ok else 'rejects'}"
