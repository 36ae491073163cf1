"""The authorization policy at its boundaries: each role x own / child / sibling / parent."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from renluyen import factories
from renluyen.core.policy import Action, can, scope, visible_members
from renluyen.core.tests import matrix as m
from renluyen.organizations.models import Level, Role, Unit


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_a_role_sees_its_unit_and_below_never_beside_or_above(matrix, role_key, target):
    user = matrix.users[role_key]
    unit = matrix.units[m.target_of(role_key, target)]
    expected = role_key != "member" and target in ("own", "child")
    assert can(user, Action.VIEW_UNIT, unit) is expected
    assert can(user, Action.VIEW_MEMBER, matrix.members[m.target_of(role_key, target)]) is expected


@pytest.mark.parametrize("role_key", list(m.ROLES))
def test_scope_and_visible_members_match_the_written_out_reach(matrix, role_key):
    user = matrix.users[role_key]
    key_of = {unit.pk: key for key, unit in matrix.units.items()}
    assert {key_of[u.pk] for u in scope(user, Action.VIEW_UNIT)} == m.reach(role_key)
    expected = {m.MEMBERS[k][0] for k in m.reach(role_key)}
    if role_key == "member" or "branch_a1" in m.reach(role_key):
        expected.add(m.OWN_MEMBER[0])
    assert set(visible_members(user).values_list("code", flat=True)) == expected


def test_only_the_branch_leaders_and_the_office_may_import_members(matrix):
    branch = matrix.units["branch_a1"]
    allowed = {k for k in m.ROLES if can(matrix.users[k], Action.IMPORT_MEMBERS, branch)}
    assert allowed == {"branch_secretary", "branch_deputy", "office"}


def test_only_the_standing_committee_edits_programs_of_its_base_union(matrix):
    base = matrix.units["base"]
    allowed = {k for k in m.ROLES if can(matrix.users[k], Action.EDIT_PROGRAM, base)}
    assert allowed == {"standing_committee"}


def test_an_administrator_reaches_every_unit_even_the_top(matrix):
    admin = factories.user(is_superuser=True)
    assert can(admin, Action.VIEW_UNIT, matrix.units["upper"])
    assert scope(admin, Action.VIEW_UNIT).count() == Unit.objects.count()
    assert visible_members(admin).count() == len(matrix.members)


def test_an_anonymous_visitor_may_do_nothing(matrix):
    anonymous = AnonymousUser()
    assert not can(anonymous, Action.VIEW_UNIT, matrix.units["branch_a1"])
    assert not can(anonymous, Action.VIEW_MEMBER, matrix.members["own"])
    assert not scope(anonymous, Action.VIEW_UNIT).exists()
    assert not visible_members(anonymous).exists()


@pytest.mark.parametrize(
    ("starts", "ends", "reaches"),
    [(-10, -1, False), (1, 10, False), (-1, 1, True), (None, 0, True), (0, None, True)],
)
def test_a_role_counts_only_between_its_start_and_end_dates(matrix, starts, ends, reaches):
    today = timezone.localdate()
    user = factories.user()
    assignment = factories.role(user, matrix.units["fed_b"], Role.FEDERATION_COMMITTEE)
    assignment.starts_on = None if starts is None else today + timedelta(days=starts)
    assignment.ends_on = None if ends is None else today + timedelta(days=ends)
    assignment.save()
    assert can(user, Action.VIEW_UNIT, matrix.units["branch_b1"]) is reaches


def test_a_unit_moved_elsewhere_leaves_the_old_roles_reach(matrix):
    branch = matrix.units["branch_a2"]
    branch.parent = matrix.units["fed_b"]
    branch.save()
    branch.refresh_from_db()
    assert not can(matrix.users["federation_committee"], Action.VIEW_UNIT, branch)
    assert can(matrix.users["standing_committee"], Action.VIEW_UNIT, branch)


def test_visible_programs_agrees_with_can_for_every_role(matrix):
    from renluyen.core.policy import visible_programs
    from renluyen.programs.models import Program
    from renluyen.programs.services import program_load_2020

    base = matrix.units["base"]
    program_load_2020(unit=base)
    other_base = factories.unit(level=Level.BASE, parent=matrix.units["base"].parent)
    program_load_2020(unit=other_base)
    for name, user in matrix.users.items():
        expected = {p for p in Program.objects.all() if can(user, Action.VIEW_PROGRAM, p)}
        assert set(visible_programs(user)) == expected, name
        assert expected, name  # everyone in the tree sees their own base Union's program
