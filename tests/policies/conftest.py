from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

from fixture_rules import rules_dict  # noqa: E402


class _NoAliases(yaml.SafeDumper):
    """Policy files may not hold anchors or aliases: write shared fixture objects out in full."""

    def ignore_aliases(self, data):
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


@pytest.fixture
def policy_dir(tmp_path):
    """A policies/ folder holding the synthetic Testville rules as YAML files."""
    data = rules_dict()
    (tmp_path / "regions").mkdir()
    (tmp_path / "national.yaml").write_text(dump(data["national"]))
    (tmp_path / "regions" / "testville.yaml").write_text(
dump(data["regions"]["testville"]))
    return tmp_path
