"""Who reads, writes, receives which report: a branch sees only its own (a sibling's is
404), the units above read it, the office of the base Union sees and receives every
report under it, the upper level reads all below; only a unit's own committee writes it
and sets its letterhead."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.dashboards import rollups
from renluyen.organizations.models import Level, Role


@pytest.fixture
def program(matrix):
    program = factories.program(unit=matrix.units["base"])
    for key in ("branch_a1", "branch_a2", "branch_b1"):
        factories.enroll(program, matrix.members[key])
    rollups.rebuild()
    return program


READ = ["unit", "print", "pdf"]


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_reading_a_report_by_role_and_target(client, matrix, program, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    reporting = unit.level in (Level.BRANCH, Level.FEDERATION)
    expected = 200 if m.sees(role_key, target) and reporting else 404
    for name in READ:
        response = client.get(reverse(f"reports:{name}", args=[unit.pk]) + f"?program={program.pk}")
        assert response.status_code == expected, name


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_writing_a_report_by_role_and_target(client, matrix, program, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.post(
        reverse("reports:unit", args=[unit.pk]) + f"?program={program.pk}",
        {"action": "save", "version": "0", "title": "Báo cáo"},
    )
    reporting = unit.level in (Level.BRANCH, Level.FEDERATION)
    role, home = m.ROLES[role_key]
    own_committee = (
        role
        in (
            Role.BRANCH_SECRETARY,
            Role.BRANCH_DEPUTY,
            Role.BRANCH_COMMITTEE,
            Role.FEDERATION_COMMITTEE,
        )
        and target == "own"
    )
    if not (m.sees(role_key, target) and reporting):
        assert response.status_code == 404
    elif own_committee:
        assert response.status_code == 302
    else:
        # A unit above reads the report but never writes it for the unit.
        assert response.status_code == 403


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_office_list_by_role_and_target(client, matrix, program, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(reverse("reports:office", args=[unit.pk]) + f"?program={program.pk}")
    assert response.status_code == (200 if m.sees(role_key, target) else 404)


def test_the_office_sees_every_report_of_its_base_union(client, matrix, program):
    client.force_login(matrix.users["office"])
    page = client.get(
        reverse("reports:office", args=[matrix.units["base"].pk]) + f"?program={program.pk}"
    ).content.decode()
    for key in ("fed_a", "fed_b", "branch_a1", "branch_a2", "branch_b1"):
        assert f'id="unit-{matrix.units[key].pk}"' in page, key
    assert "Tất cả <b>5</b>" in page


def test_a_branch_sees_only_its_own_report(client, matrix, program):
    client.force_login(matrix.users["branch_secretary"])
    own = reverse("reports:unit", args=[matrix.units["branch_a1"].pk]) + f"?program={program.pk}"
    sibling = (
        reverse("reports:unit", args=[matrix.units["branch_a2"].pk]) + f"?program={program.pk}"
    )
    assert client.get(own).status_code == 200
    assert client.get(sibling).status_code == 404


def test_the_upper_level_reads_every_report_below_and_writes_none(client, matrix, program):
    user = factories.user()
    factories.role(user, matrix.units["upper"], Role.UPPER_LEVEL)
    client.force_login(user)
    unit_url = (
        reverse("reports:unit", args=[matrix.units["branch_b1"].pk]) + f"?program={program.pk}"
    )
    assert client.get(unit_url).status_code == 200
    assert client.post(unit_url, {"action": "save", "version": "0"}).status_code == 403
    assert client.post(unit_url, {"action": "receive", "version": "0"}).status_code == 403
    letterhead = reverse("reports:letterhead", args=[matrix.units["branch_b1"].pk])
    assert client.get(letterhead).status_code == 403


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_letterhead_by_role_and_target(client, matrix, program, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(reverse("reports:letterhead", args=[unit.pk]))
    role, _home = m.ROLES[role_key]
    own = target == "own" and role in (
        Role.BRANCH_SECRETARY,
        Role.BRANCH_DEPUTY,
        Role.BRANCH_COMMITTEE,
        Role.FEDERATION_COMMITTEE,
        Role.OFFICE,  # the base Union's letterhead, whose place the units below print
    )
    if not m.sees(role_key, target):
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if own else 403)
