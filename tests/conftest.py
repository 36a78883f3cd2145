"""Shared fixtures: the real policies, validated once, and their canonical JSON for the command line."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture(scope="session")
def real_rules():
    from guide.policy_files import (
        load_policies,  # here, not at the top: tests/core collects without the build's packages
    )

    return load_policies()


@pytest.fixture(scope="session")
def real_rules_json(real_rules, tmp_path_factory):
    from guide.output import canonical_json

    path = tmp_path_factory.mktemp("rules") / "rules.json"
    path.write_text(canonical_json(real_rules), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A throwaway copy of the sources with the site built once (fixed as-of date); its site/ holds the output."""
    from site_build import make_copy, mkdocs_build

    src = make_copy(tmp_path_factory.mktemp("site") / "src")
    proc = mkdocs_build(src, src / "site")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return src


@pytest.fixture(scope="session")
def site_dir(request):
    """The full built site for the quality and embed gates ($QUALITY_SITE_DIR: an existing build, for a faster
    loop). tests/browser overrides it with its own choice (the repo's site/ or a demo page)."""
    env = os.environ.get("QUALITY_SITE_DIR")
    if env:
        return Path(env)
    return request.getfixturevalue("built") / "site"
