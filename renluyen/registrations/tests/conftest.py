"""Fixtures most registration tests share: this year's program and one member of Chi đoàn A1
with an account. A test file that needs them differently defines its own."""

import pytest

from renluyen import factories


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def member_user(db):
    return factories.user()


@pytest.fixture
def enrollment(org, program, member_user):
    member = factories.member(branch=org["branch_a1"], user=member_user, name="Lê Thị Hoa")
    return factories.enroll(program, member)
