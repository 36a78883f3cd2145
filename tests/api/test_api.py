"""The machine-readable index: schemas, agreement with the policy files, and every URL resolving in the built site.

The site is built once (tests/conftest.py's throwaway copy, fixed GUIDE_AS_OF); the JSON is read from
the built site, i.e. exactly what partners fetch.
"""

from __future__ import annotations

import json
import struct
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from site_build import AS_OF  # the date the shared build fixture uses

from calculator.parameters import PARAMETERS
from calculator.schema import load_rules, rules_to_dict
from guide import api, examples
from guide.output import write_if_changed
from guide.policy_files import load_policies

ROOT = Path(__file__).resolve().parents[2]


def site_file(built: Path, url: str) -> Path:
    """The file a root-relative URL is served from (directory URLs -> index.html)."""
    path = urlsplit(url).path
    assert path.startswith("/"), url
    target = built / "site" / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def load(built: Path, url: str):
    return json.loads(site_file(built, url).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(built):
    return load(built, "/api/regions.json")


@pytest.fixture(scope="module")
def schemas(built):
    return {name: load(built, f"/api/schema/{name}.schema.json") for name in ("regions", "rules")}


# ---- schemas -----------------------------------------------------------------------------------------


def test_schemas_are_valid_json_schemas(schemas):
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_regions_json_validates(index, schemas):
    jsonschema.Draft202012Validator(schemas["regions"]).validate(index)
    assert index["version"] == api.API_VERSION
    assert index["as_of"] == AS_OF.isoformat()  # same date as the build fixture


def test_every_rules_json_validates(built, index, schemas):
    validator = jsonschema.Draft202012Validator(schemas["rules"])
    for entry in index["regions"]:
        doc = load(built, entry["rules_url"])
        validator.validate(doc)
        assert doc["version"] == api.API_VERSION and doc["slug"] == entry["slug"]


def test_schema_rejects_what_it_should(index, schemas):
    validator = jsonschema.Draft202012Validator(schemas["regions"])
    bad = json.loads(json.dumps(index))
    bad["regions"][0]["figures"]["base_floor"] = {"status": "in_force", "value": None}
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(index))
    bad["regions"][0]["surprise"] = 1
    assert not validator.is_valid(bad)


# ---- agreement with the policy files -------------------------------------------------------------------


def test_regions_json_agrees_with_policy_files(built, index):
    rules = load_policies(built / "policies")
    assert [e["slug"] for e in index["regions"]] == sorted(rules.regions)
    for entry in index["regions"]:
        region = rules.regions[entry["slug"]]
        assert entry["code"] == region.code
        assert entry["name"] == {"en": region.name.en, "zh": region.name.zh}
        assert entry["province"] == {"en": region.province.en, "zh": region.province.zh}
        assert entry["last_reviewed"] == region.last_reviewed.isoformat()
        assert entry["urls"] == {"en": f"/regions/{region.slug}/", "zh": f"/zh/regions/{region.slug}/"}
        for name, fig in entry["figures"].items():
            expect = _expected_figure(rules, region, name, AS_OF)
            assert fig == expect, f"{region.slug}.{name}: {fig} != {expect}"


def _expected_figure(rules, region, name, on: date) -> dict:
    """Recomputed independently of api.figure, straight from the parameter series."""
    param = region.parameters.get(name) or rules.parameters.get(name)
    if param is None:
        return {"status": "absent"}
    national = name not in region.parameters
    if param.not_published:
        return {"status": "not_published", "national": national}
    past = [dv for dv in param.values if dv.effective <= on]
    dv = past[-1] if past else param.values[0]
    value = None if (not past or dv.value is None) else (dv.value if isinstance(dv.value, int) else format(dv.value, "f"))
    return {"status": "in_force" if value is not None else "not_in_force", "value": value,
            "effective": dv.effective.isoformat(), "source": dv.source, "grade": rules.sources[dv.source].grade,
            "national": national}


def test_rules_json_is_the_canonical_form_and_round_trips(built, index):
    rules = load_policies(built / "policies")
    full = rules_to_dict(rules)
    for entry in index["regions"]:
        slug = entry["slug"]
        doc = load(built, entry["rules_url"])
        assert doc["rules"]["national"] == full["national"], "national rules must be inherited whole"
        assert doc["rules"]["regions"] == {slug: full["regions"][slug]}
        again = load_rules(doc["rules"])
        assert rules_to_dict(again) == doc["rules"]
        # the region's rules alone compute exactly what the site's worked examples computed with all rules
        for request in examples.example_requests(rules, slug, AS_OF).values():
            assert examples.run(again, request) == examples.run(rules, request)


def test_key_figures_cover_required_parameters(index):
    for entry in index["regions"]:
        figs = entry["figures"]
        for name in ("base_floor", "base_ceiling", "employer_rate", "individual_rate"):
            assert PARAMETERS[name].required
            assert figs[name]["status"] != "absent", (entry["slug"], name)
        assert figs["flexible_rate"]["status"] != "absent" or figs["flexible_fixed_amount"]["status"] != "absent"


# ---- URLs resolve in the built site --------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_every_url_in_regions_json_resolves(built, index):
    urls = ["/api/regions.json", index["$schema"]]
    for entry in index["regions"]:
        urls += [*entry["urls"].values(), entry["rules_url"], *entry["card_urls"].values()]
    missing = [u for u in urls if not site_file(built, u).is_file()]
    assert not missing, f"URLs in regions.json that the built site does not serve: {missing[:10]}"
    for entry in index["regions"]:
        for lang, url in entry["urls"].items():
            page = site_file(built, url).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in page, url
            assert entry["name"][lang] in page, url
        for url in entry["card_urls"].values():
            assert _png_size(site_file(built, url)) == (1200, 630), url


def test_api_output_is_deterministic_and_written_only_when_changed(built, tmp_path):
    rules = load_policies(built / "policies")
    files = api.render(rules, AS_OF)
    assert files == api.render(rules, AS_OF)
    folder = tmp_path / "api"
    assert sorted(api.write(folder, files, write_if_changed)) == sorted(files)
    mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*.json")}
    assert api.write(folder, files, write_if_changed) == []
    assert mtimes == {p: p.stat().st_mtime_ns for p in folder.rglob("*.json")}
    assert api.stale(folder, files) == []
    # a region removed from the policies loses its rules file
    (folder / "rules" / "gone.json").write_text("{}", encoding="utf-8")
    assert api.stale(folder, files) == ["rules/gone.json"]
    assert api.write(folder, files, write_if_changed) == ["rules/gone.json"]


def test_built_api_matches_a_fresh_render(built):
    """What the site serves is what build_pages renders for the same policies and date (nothing stale)."""
    rules = load_policies(built / "policies")
    for rel, text in api.render(rules, AS_OF).items():
        assert (built / "site" / "api" / rel).read_text(encoding="utf-8") == text, rel
