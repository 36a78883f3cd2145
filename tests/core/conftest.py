
import pytest
from fixture_rules import rules_dict

from calculator import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules(rules_dict())
