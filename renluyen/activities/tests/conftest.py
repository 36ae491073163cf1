"""Fixtures for the activity catalog: the seed program, people of branch A1 and B1."""

from datetime import date

import pytest
from django.test import Client

from renluyen import factories
from renluyen.activities.models import Activity
from renluyen.organizations.models import Role


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def member_user(org, program):
    """A member of Chi đoàn A1 enrolled in the program."""
    user = factories.user()
    member = factories.member(branch=org["branch_a1"], user=user, name="Lê Thị Hoa")
    factories.enroll(program, member)
    return user


@pytest.fixture
def committee_b1(org):
    user = factories.user()
    factories.role(user, org["branch_b1"], Role.BRANCH_COMMITTEE)
    return user


@pytest.fixture
def make_activity(program):
    def make(unit, title="Hiến máu nhân đạo", area_number=3, **extra) -> Activity:
        return Activity.objects.create(
            program=program,
            unit=unit,
            area=program.areas.get(number=area_number),
            title=title,
            starts_on=extra.pop("starts_on", date(2020, 11, 20)),
            **extra,
        )

    return make


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
