"""Fixtures the evaluation tests share: a program whose evaluation is open today and a
member of Chi đoàn A1 with a confirmed form of 10 criteria (2 per area, 10 points each
by the equal split)."""

import pytest

from renluyen import factories


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def member_user(db):
    return factories.user()


@pytest.fixture
def enrollment(org, program, member_user, people):
    member = factories.member(branch=org["branch_a1"], user=member_user, name="Lê Thị Hoa")
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=people["secretary_a1"])
    factories.open_evaluation(program)
    enrollment.refresh_from_db()
    return enrollment
