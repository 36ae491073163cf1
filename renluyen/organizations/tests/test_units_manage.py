"""The office creates units (a new intake's branches) and closes a branch whose class
graduated (issue 9 item 4)."""

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.policy import Action
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import text
from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import MemberStatus
from renluyen.programs.models import ProgramStatus


@m.covers("organizations:unit_create")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_creating_a_unit_by_role_and_target(client, matrix, role_key, target):
    parent = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.MANAGE_UNITS)
    assert client.get(f"/units/{parent.pk}/new/").status_code == expected
    level = {Level.BASE: Level.BRANCH, Level.FEDERATION: Level.BRANCH}.get(
        parent.level, Level.SUBBRANCH
    )
    response = client.post(
        f"/units/{parent.pk}/new/", {"level": level, "code": "CD-NEW", "name": "Chi đoàn mới"}
    )
    made = Unit.objects.filter(code="CD-NEW").first()
    if expected != 200:
        assert response.status_code == expected and made is None
    elif parent.level in (Level.BASE, Level.FEDERATION, Level.BRANCH):
        assert response.status_code == 302 and made.parent == parent
    else:
        assert made is None  # nothing goes under a sub-branch or an upper-level Union


@m.covers("organizations:unit_close")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_closing_a_unit_by_role_and_target(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.MANAGE_UNITS)
    assert client.get(f"/units/{unit.pk}/close/").status_code == expected
    response = client.post(f"/units/{unit.pk}/close/")
    unit.refresh_from_db()
    closed = expected == 200 and unit.level == Level.BRANCH
    assert response.status_code == (expected if expected != 200 else (302 if closed else 200))
    assert unit.is_closed == closed


def test_a_new_branch_with_a_clean_code_and_name(client, matrix):
    base = matrix.units["base"]
    client.force_login(matrix.users["office"])
    taken = client.post(
        f"/units/{base.pk}/new/", {"level": "branch", "code": base.code.lower(), "name": "X"}
    )
    assert "đã được một đơn vị khác dùng" in text(taken)
    client.post(
        f"/units/{base.pk}/new/",
        {"level": "branch", "code": " QH-2026 ", "name": "Chi đoàn\x00 QH-2026 "},
    )
    branch = Unit.objects.get(code="QH-2026")
    assert branch.name == "Chi đoàn QH-2026" and branch.parent == base
    assert Event.objects.filter(verb="unit.create", unit=base).exists()


def test_closing_marks_the_members_left_and_keeps_the_history(client, matrix):
    branch = matrix.units["branch_a2"]
    stays = factories.member(branch=branch, code="DV9501")
    client.force_login(matrix.users["office"])
    page = text(client.get(f"/units/{branch.pk}/close/"))
    assert "2 đoàn viên đang sinh hoạt" in page
    client.post(f"/units/{branch.pk}/close/")
    branch.refresh_from_db()
    stays.refresh_from_db()
    assert branch.closed_on == timezone.localdate()
    assert stays.status == MemberStatus.LEFT
    assert "đóng ngày" in text(client.get(f"/units/{branch.pk}/"))
    assert "Đóng chi đoàn; 2 đoàn viên" in text(client.get(f"/units/{branch.pk}/history/"))


def test_a_branch_still_in_an_open_year_cannot_close_until_it_is_recognized(client, matrix):
    branch = matrix.units["branch_a2"]
    program = factories.program(unit=matrix.units["base"])
    factories.enroll(program, matrix.members["branch_a2"])
    client.force_login(matrix.users["office"])
    response = client.post(f"/units/{branch.pk}/close/")
    assert "chỉ đóng được khi chương trình đã kết thúc" in text(response)
    branch.refresh_from_db()
    assert branch.closed_on is None
    BranchEvaluation.objects.create(program=program, branch=branch, state=BranchState.RECOGNIZED)
    client.post(f"/units/{branch.pk}/close/")
    branch.refresh_from_db()
    assert branch.is_closed
    program.status = ProgramStatus.CLOSED
    program.save()
