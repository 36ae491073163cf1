"""Shared fixtures: the organisation tree and one person per role.

Plugins loaded for every test:
- renluyen/core/tests/browser.py: Playwright + Debian's Chromium (`page`, `demo`, `log_in`);
- renluyen/core/tests/require_all.py: RENLUYEN_REQUIRE_ALL=1 (CI) makes any skip a failure.
"""

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as authz_matrix
from renluyen.organizations.models import Role

pytest_plugins = ["renluyen.core.tests.browser", "renluyen.core.tests.require_all"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs ~0.3 s a password by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def client_for():
    """A test client logged in as the given user: `client_for(user).get(url)`."""

    def make(user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client

    return make


def _holder(unit, role):
    user = factories.user()
    factories.role(user, unit, role)
    return user


@pytest.fixture
def matrix(db):
    """Every role in a tree where its unit has a child, a sibling and a parent; one member
    per unit. See renluyen/core/tests/matrix.py."""
    return authz_matrix.build()


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT (var/static, made by collectstatic) does not exist,
    # as in a fresh clone; tests serve static files through the staticfiles finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
