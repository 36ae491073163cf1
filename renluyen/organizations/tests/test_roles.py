"""Roles managed in the app (issue 9 items 2-3): who may grant which role where (the
policy, for every role, target unit and grantable role), the pages, the handover, and the
unit's history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.policy import ROLE_GRANTS, ROLES_BY_LEVEL, grantable_roles, may_in_unit
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import text
from renluyen.organizations.models import Level, Role, RoleAssignment

# The level of each unit of the matrix (core/tests/matrix.py), to know its roles.
LEVELS = {
    "upper": Level.UPPER,
    "base": Level.BASE,
    "base_2": Level.BASE,
    "fed_a": Level.FEDERATION,
    "fed_b": Level.FEDERATION,
    "branch_a1": Level.BRANCH,
    "branch_a2": Level.BRANCH,
    "sub_a1": Level.SUBBRANCH,
}
# Every role a unit of that level holds, for every role and target: the grantable roles.
GRANT_CASES = [
    (role_key, target, role)
    for role_key, target in m.CASES
    for role in ROLES_BY_LEVEL[LEVELS[m.target_of(role_key, target)]]
]


def _may_grant(role_key: str, target: str, role: str, matrix) -> bool:
    """Written out: the holder's role grants `role`, the unit is its own or below, and
    `role` is one that unit's level holds."""
    holder_role = m.ROLES[role_key][0]
    unit = matrix.units[m.target_of(role_key, target)]
    return (
        holder_role is not None
        and target in ("own", "child")
        and role in ROLE_GRANTS.get(holder_role, set())
        and role in ROLES_BY_LEVEL[unit.level]
    )


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_policy_for_every_role_target_and_role(matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    user = matrix.users[role_key]
    for role in Role.values:
        expected = _may_grant(role_key, target, role, matrix)
        assert (role in grantable_roles(user, unit)) == expected, role


@m.covers("organizations:role_grant")
@pytest.mark.parametrize(("role_key", "target", "role"), GRANT_CASES)
def test_granting_by_role_target_and_role(client, matrix, role_key, target, role):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    person = matrix.members["branch_b1"]  # anyone in reach of the standing committee
    response = client.post(
        f"/units/{unit.pk}/roles/grant/", {"role": role, "person": f"m{person.pk}"}
    )
    granted = RoleAssignment.objects.filter(unit=unit, role=role, user__member=person)
    if not m.sees(role_key, target):
        assert response.status_code == 404
    elif not grantable_roles(matrix.users[role_key], unit):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        may = _may_grant(role_key, target, role, matrix)
        # The person must also be within the granter's reach (a secretary picks among
        # her branch's members): B1's member is only in the standing committee's.
        may = may and m.ROLES[role_key][1] == "base"
        assert granted.exists() == may
        if not may:
            follow = text(client.get(f"/units/{unit.pk}/"))
            assert 'class="msg-error"' in follow


@m.covers("organizations:role_people")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_person_search_by_role_and_target(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(f"/units/{unit.pk}/roles/people/", {"q": "thị"})
    if not m.sees(role_key, target):
        assert response.status_code == 404
    elif not grantable_roles(matrix.users[role_key], unit):
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@m.covers("organizations:role_end", "organizations:role_handover")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_ending_and_handing_over_by_role_and_target(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    role = ROLES_BY_LEVEL[unit.level][0]
    term = factories.role(factories.user(), unit, role)
    client.force_login(matrix.users[role_key])
    end = client.post(f"/units/{unit.pk}/roles/{term.pk}/end/")
    handover = client.get(f"/units/{unit.pk}/roles/{term.pk}/handover/")
    term.refresh_from_db()
    if not m.sees(role_key, target):
        assert (end.status_code, handover.status_code) == (404, 404)
    elif not _may_grant(role_key, target, role, matrix):
        assert (end.status_code, handover.status_code) == (403, 403)
        assert term.ends_on is None
    else:
        assert (end.status_code, handover.status_code) == (302, 200)
        assert term.ends_on == timezone.localdate() - timedelta(days=1)


def test_a_secretary_may_not_grant_a_role_above_what_she_may(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_secretary"])
    person = matrix.members["sub_a1"]
    for role in (Role.BRANCH_SECRETARY, Role.STANDING_COMMITTEE, Role.ADMIN):
        client.post(f"/units/{branch.pk}/roles/grant/", {"role": role, "person": f"m{person.pk}"})
    assert not RoleAssignment.objects.filter(user__member=person).exists()
    client.post(
        f"/units/{branch.pk}/roles/grant/",
        {"role": Role.BRANCH_DEPUTY, "person": f"m{person.pk}"},
    )
    assert RoleAssignment.objects.get(user__member=person).role == Role.BRANCH_DEPUTY
    # A sub-branch leader is a role of the sub-branch unit.
    sub = matrix.units["sub_a1"]
    client.post(
        f"/units/{sub.pk}/roles/grant/", {"role": Role.SUBBRANCH_LEADER, "person": f"m{person.pk}"}
    )
    leader = RoleAssignment.objects.get(role=Role.SUBBRANCH_LEADER)
    assert leader.unit == sub
    assert may_in_unit(leader.user, "evaluation.group_comment", sub)


def test_a_person_out_of_reach_or_an_id_typed_by_hand_is_refused(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_secretary"])
    outsider = matrix.members["branch_b1"]
    before = RoleAssignment.objects.count()
    for value in (f"m{outsider.pk}", str(outsider.pk), "m²", f"u{matrix.users['office'].pk}"):
        response = client.post(
            f"/units/{branch.pk}/roles/grant/", {"role": Role.BRANCH_COMMITTEE, "person": value}
        )
        assert response.status_code == 302
    assert RoleAssignment.objects.count() == before


def test_the_search_finds_members_by_name_or_code_without_diacritics(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_secretary"])
    html = text(client.get(f"/units/{branch.pk}/roles/people/", {"q": "hoang thi"}))
    member = matrix.members["branch_a1"]
    assert f'value="m{member.pk}"' in html and "Hoàng Thị Một" in html
    html = text(client.get(f"/units/{branch.pk}/roles/people/", {"q": "DV9007"}))
    assert "Vũ Văn Phân" in html
    # Outside her branch: nobody.
    html = text(client.get(f"/units/{branch.pk}/roles/people/", {"q": "Đặng"}))
    assert "Không có ai trong phạm vi của bạn khớp." in html


def test_picking_a_member_without_an_account_makes_one(client, matrix):
    branch = matrix.units["branch_a1"]
    member = matrix.members["branch_a1"]
    assert member.user is None
    client.force_login(matrix.users["branch_secretary"])
    client.post(
        f"/units/{branch.pk}/roles/grant/",
        {"role": Role.BRANCH_COMMITTEE, "person": f"m{member.pk}"},
    )
    member.refresh_from_db()
    assert member.user is not None
    assert RoleAssignment.objects.get(user=member.user).role == Role.BRANCH_COMMITTEE


def test_the_congress_hands_the_secretary_role_over_in_one_step(client, matrix):
    branch = matrix.units["branch_a1"]
    old = matrix.users["branch_secretary"]
    term = RoleAssignment.objects.get(user=old, unit=branch)
    new_member = matrix.members["branch_a1"]
    client.force_login(matrix.users["standing_committee"])
    page = text(client.get(f"/units/{branch.pk}/roles/{term.pk}/handover/"))
    assert "Bàn giao vai trò" in page
    today = timezone.localdate()
    response = client.post(
        f"/units/{branch.pk}/roles/{term.pk}/handover/",
        {"person": f"m{new_member.pk}", "on": today.isoformat()},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    new_member.refresh_from_db()
    new_term = RoleAssignment.objects.get(user=new_member.user, unit=branch)
    assert term.ends_on == today - timedelta(days=1)
    assert (new_term.role, new_term.starts_on, new_term.ends_on) == (
        Role.BRANCH_SECRETARY, today, None
    )  # fmt: skip
    # The rights move at once: the old secretary no longer reviews, the new one does.
    old = type(old).objects.get(pk=old.pk)
    assert not may_in_unit(old, "registration.review", branch)
    assert may_in_unit(type(old).objects.get(pk=new_member.user_id), "registration.review", branch)
    # The unit page lists the new holder and the earlier term; the history says it.
    page = text(client.get(f"/units/{branch.pk}/"))
    assert "Hoàng Thị Một" in page and "Các nhiệm kỳ trước" in page
    event = Event.objects.get(verb="role.handover")
    assert event.unit == branch
    history = text(client.get(f"/units/{branch.pk}/history/"))
    assert "matrix_branch_secretary bàn giao vai trò “Bí thư chi đoàn” cho Hoàng Thị Một" in history


def test_grants_and_ends_are_audited_and_in_the_unit_history(client, matrix):
    branch = matrix.units["branch_a1"]
    member = matrix.members["sub_a1"]
    client.force_login(matrix.users["branch_secretary"])
    client.post(
        f"/units/{branch.pk}/roles/grant/",
        {"role": Role.BRANCH_COMMITTEE, "person": f"m{member.pk}"},
    )
    term = RoleAssignment.objects.get(role=Role.BRANCH_COMMITTEE, user__member=member)
    client.post(f"/units/{branch.pk}/roles/{term.pk}/end/")
    verbs = list(Event.objects.filter(unit=branch).values_list("verb", flat=True))
    assert "role.grant" in verbs and "role.end" in verbs
    history = text(client.get(f"/units/{branch.pk}/history/"))
    assert "Giao cho Vũ Văn Phân vai trò “Ủy viên BCH chi đoàn”" in history
    assert "Kết thúc nhiệm kỳ “Ủy viên BCH chi đoàn” của Vũ Văn Phân" in history
    # The same person may hold the role again later: an ended term is history.
    client.post(
        f"/units/{branch.pk}/roles/grant/",
        {"role": Role.BRANCH_COMMITTEE, "person": f"m{member.pk}"},
    )
    terms = RoleAssignment.objects.filter(role=Role.BRANCH_COMMITTEE, user__member=member)
    assert terms.count() == 2
    # ...but not twice at once.
    client.post(
        f"/units/{branch.pk}/roles/grant/",
        {"role": Role.BRANCH_COMMITTEE, "person": f"m{member.pk}"},
    )
    assert terms.count() == 2


@m.covers("organizations:unit_history")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_unit_history_by_role_and_target(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(f"/units/{unit.pk}/history/")
    assert response.status_code == (200 if m.sees(role_key, target) else 404)
