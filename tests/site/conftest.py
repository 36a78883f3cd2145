import pytest


@pytest.fixture(scope="session")
def rules(built):
    from guide.policy_files import load_policies

    return load_policies(built / "policies")
