"""A new school year (issue 9 item 4): every active member of the base Union enrolled in
their current branch when the program opens, or with one action before, after a preview
of the counts per branch. Members who left or were transferred, and closed branches, are
left out."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from renluyen import factories
from renluyen.core import demo
from renluyen.core.policy import Action
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Unit
from renluyen.people.models import Member, MemberStatus
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.programs.services import next_school_year, program_copy


def test_the_new_year_on_the_demo(client, db):
    demo.load_demo(evaluation_year=False)
    standing = get_user_model().objects.get(username="thuongvu")
    base = Unit.objects.get(code="DHKT")
    current = Program.objects.get(unit=base, school_year=demo.current_school_year())
    new = program_copy(
        program=current, school_year=next_school_year(current.school_year), user=standing
    )
    # Over the summer: one member left, one transferred away, a class graduated (its branch
    # closed, one member still marked active by mistake), a new intake's branch came in.
    cd2 = list(Member.objects.filter(branch__code="CD-2").order_by("code"))
    cd2[0].status = MemberStatus.LEFT
    cd2[0].save()
    cd2[1].status = MemberStatus.TRANSFERRED
    cd2[1].save()
    old_class = factories.unit(parent=base, name="Chi đoàn khoá cũ")
    factories.member(branch=old_class, code="K60-001")
    Unit.objects.filter(pk=old_class.pk).update(closed_on=timezone.localdate() - timedelta(1))
    intake = factories.unit(parent=base, name="Chi đoàn QH-2027", code="QH-2027")
    for i in range(3):
        factories.member(branch=intake, code=f"QH27-{i}")

    active = Member.objects.filter(status=MemberStatus.ACTIVE).exclude(branch=old_class)
    per_branch = dict(
        active.values("branch__name").annotate(n=Count("pk")).values_list("branch__name", "n")
    )
    client.force_login(standing)
    page = text(client.get(f"/programs/{new.pk}/enroll/"))
    assert f"<strong>{active.count()}</strong> sẽ được đưa vào" in page
    assert "<strong>1</strong> đã ra khỏi tổ chức" in page
    assert "<strong>1</strong> đã chuyển sinh hoạt" in page
    assert "<strong>1</strong> thuộc chi đoàn đã đóng" in page
    rows = dict(
        (name, (int(enrolled), int(to_enroll)))
        for name, enrolled, to_enroll in re.findall(
            r'<tr><td>([^<]+)</td><td data-label="[^"]+">(\d+)</td>'
            r'<td data-label="[^"]+">(\d+)</td></tr>',
            page,
        )
    )
    assert rows == {name: (0, n) for name, n in per_branch.items()}
    assert per_branch["Chi đoàn QH-2027"] == 3

    # Opening the program enrolls them (the program's dates pass its rules as copied).
    response = client.post(f"/programs/{new.pk}/status/", {"status": "open"})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.status == ProgramStatus.OPEN
    enrolled = Enrollment.objects.filter(program=new)
    assert enrolled.count() == active.count()
    assert not enrolled.exclude(branch=models_branch()).exists()
    assert not enrolled.filter(member__status=MemberStatus.LEFT).exists()
    assert not enrolled.filter(branch=old_class).exists()
    # Enrolling again changes nothing.
    assert "Mọi đoàn viên đang sinh hoạt" in text(client.get(f"/programs/{new.pk}/enroll/"))


def models_branch():
    """Each enrollment's branch is its member's current branch."""
    from django.db.models import F

    return F("member__branch")


def test_one_action_before_opening_enrolls_the_members_and_keeps_the_draft(client, org, people):
    program = factories.program(unit=org["base"], status=ProgramStatus.DRAFT)
    members = [factories.member(branch=org[key]) for key in ("branch_a1", "branch_b1")]
    already = factories.member(branch=org["branch_a2"])
    Enrollment.objects.create(program=program, member=already, branch=org["branch_a1"])
    client.force_login(people["standing"])
    response = client.post(f"/programs/{program.pk}/enroll/")
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT
    rows = dict(Enrollment.objects.filter(program=program).values_list("member", "branch"))
    assert rows == {
        members[0].pk: org["branch_a1"].pk,
        members[1].pk: org["branch_b1"].pk,
        already.pk: org["branch_a1"].pk,  # enrolled before: keeps that year's branch
    }


def test_a_closed_program_enrolls_nobody(client, org, people):
    program = factories.program(unit=org["base"], status=ProgramStatus.CLOSED)
    factories.member(branch=org["branch_a1"])
    client.force_login(people["standing"])
    client.post(f"/programs/{program.pk}/enroll/")
    assert not Enrollment.objects.exists()


@m.covers("programs:program_enroll")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_enrollment_page_by_role(client, matrix, role_key, target):
    """The program belongs to the target unit when it is a base Union (own or sibling
    for the base Union's roles); other targets run none, so the base's program is used."""
    key = m.target_of(role_key, target)
    base = matrix.units[key] if key in ("base", "base_2") else matrix.units["base"]
    program = factories.program(unit=base, status=ProgramStatus.DRAFT)
    client.force_login(matrix.users[role_key])
    response = client.get(f"/programs/{program.pk}/enroll/")
    user = matrix.users[role_key]
    from renluyen.core.policy import can, may_in_unit

    if not can(user, Action.VIEW_PROGRAM, program):
        assert response.status_code == 404
    elif not may_in_unit(user, Action.ENROLL_MEMBERS, base):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        client.post(f"/programs/{program.pk}/enroll/")
        assert Enrollment.objects.filter(program=program).exists()


def test_the_preview_takes_the_same_queries_for_more_branches(client, org, people):
    program = factories.program(unit=org["base"], status=ProgramStatus.DRAFT)
    client.force_login(people["standing"])
    url = f"/programs/{program.pk}/enroll/"
    few = count_queries(lambda: client.get(url))
    for i in range(10):
        branch = factories.unit(parent=org["fed_b"], name=f"Chi đoàn thêm {i}")
        factories.member(branch=branch)
    assert count_queries(lambda: client.get(url)) == few
