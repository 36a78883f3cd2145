from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

from fixture_rules import rules_dict  # noqa: E402


@pytest.fixture
def policy_dir(tmp_path):
    """A policies/ folder holding the synthetic Testville rules as YAML files."""
    data = rules_dict()
    (tmp_path / "regions").mkdir()
    (tmp_path / "national.yaml").write_text(yaml.safe_dump(data["national"], allow_unicode=True, sort_keys=False))
    (tmp_path / "regions" / "testville.yaml").write_text(
        yaml.safe_dump(data["regions"]["testville"], allow_unicode=True, sort_keys=False)
    )
    return tmp_path
