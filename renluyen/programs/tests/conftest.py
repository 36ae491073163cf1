"""Fixtures for the program pages: the seed program, a draft copy, and logged-in clients."""

import pytest
from django.test import Client

from renluyen import factories
from renluyen.organizations.models import Level, Role
from renluyen.programs.services import program_copy, program_load_2020


@pytest.fixture
def program(org):
    """The seed's 2020-2021 program of org["base"], open, 5 areas, 25 criteria."""
    return program_load_2020(unit=org["base"])


@pytest.fixture
def draft(program, people):
    """2021-2022, copied from the seed program: a draft."""
    return program_copy(program=program, school_year="2021-2022", user=people["standing"])


@pytest.fixture
def outsider(org):
    """The standing committee of another base Union under the same upper-level Union."""
    other = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường khác")
    user = factories.user()
    factories.role(user, other, Role.STANDING_COMMITTEE)
    return user


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
