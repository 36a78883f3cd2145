"""Shared fixtures: the real policies, validated once, and their canonical JSON for the command line."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_pages import canonical_json  # noqa: E402
from policy_files import load_policies  # noqa: E402


@pytest.fixture(scope="session")
def real_rules():
    return load_policies()


@pytest.fixture(scope="session")
def real_rules_json(real_rules, tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "rules.json"
    path.write_text(canonical_json(real_rules), encoding="utf-8")
    return path
