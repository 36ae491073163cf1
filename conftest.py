"""Shared fixtures: the organisation tree and one person per role.

Browser fixtures live in renluyen/core/tests/browser.py (Playwright + Debian's Chromium).
"""

import pytest

from renluyen import factories
from renluyen.organizations.models import Role


@pytest.fixture
def org(db):
    return factories.tree()


@pytest.fixture
def people(org):
    """One account per role, each placed in the tree built by `org`."""
    return {
        "standing": _holder(org["base"], Role.STANDING_COMMITTEE),
        "office": _holder(org["base"], Role.OFFICE),
        "fed_a": _holder(org["fed_a"], Role.FEDERATION_COMMITTEE),
        "secretary_a1": _holder(org["branch_a1"], Role.BRANCH_SECRETARY),
        "secretary_b1": _holder(org["branch_b1"], Role.BRANCH_SECRETARY),
    }


def _holder(unit, role):
    user = factories.user()
    factories.role(user, unit, role)
    return user
