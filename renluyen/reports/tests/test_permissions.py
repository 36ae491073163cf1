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
from renluyen.reports.models import Report


@pytest.fixture
def program(matrix):
    program = factories.program(unit=matrix.units["base"])
    for key in ("branch_a1", "branch_a2", "branch_b1"):
        factories.enroll(program, matrix.members[key])
    rollups.rebuild()
    return program


READ = ["unit", "print", "pdf"]
COMMITTEES = (
    Role.BRANCH_SECRETARY,
    Role.BRANCH_DEPUTY,
    Role.BRANCH_COMMITTEE,
    Role.FEDERATION_COMMITTEE,
)


def _cases(client, matrix):
    """Each (role, target, unit) of the matrix, logged in as the role (one tree for all:
    building it is most of the time)."""
    for role_key, target in m.CASES:
        client.force_login(matrix.users[role_key])
        yield role_key, target, matrix.units[m.target_of(role_key, target)]


def test_reading_a_report_by_role_and_target(client, matrix, program):
    wrong = []
    for role_key, target, unit in _cases(client, matrix):
        reporting = unit.level in (Level.BRANCH, Level.FEDERATION)
        expected = 200 if m.sees(role_key, target) and reporting else 404
        for name in READ:
            url = reverse(f"reports:{name}", args=[unit.pk]) + f"?program={program.pk}"
            if (status := client.get(url).status_code) != expected:
                wrong.append((role_key, target, name, status))
    assert wrong == []


def test_writing_a_report_by_role_and_target(client, matrix, program):
    wrong = []
    for role_key, target, unit in _cases(client, matrix):
        status = client.post(
            reverse("reports:unit", args=[unit.pk]) + f"?program={program.pk}",
            {"action": "save", "version": "0", "title": "Báo cáo"},
        ).status_code
        reporting = unit.level in (Level.BRANCH, Level.FEDERATION)
        own_committee = m.ROLES[role_key][0] in COMMITTEES and target == "own"
        if not (m.sees(role_key, target) and reporting):
            expected = 404
        elif own_committee:
            expected = 302
        else:
            expected = 403  # a unit above reads the report but never writes it for the unit
        if status != expected:
            wrong.append((role_key, target, status))
        # The next case starts from no report again.
        Report.objects.all().delete()
    assert wrong == []


def test_the_office_list_by_role_and_target(client, matrix, program):
    wrong = []
    for role_key, target, unit in _cases(client, matrix):
        url = reverse("reports:office", args=[unit.pk]) + f"?program={program.pk}"
        expected = 200 if m.sees(role_key, target) else 404
        if (status := client.get(url).status_code) != expected:
            wrong.append((role_key, target, status))
    assert wrong == []


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


def test_the_letterhead_by_role_and_target(client, matrix, program):
    wrong = []
    for role_key, target, unit in _cases(client, matrix):
        status = client.get(reverse("reports:letterhead", args=[unit.pk])).status_code
        # The office sets the base Union's letterhead, whose place the units below print.
        own = target == "own" and m.ROLES[role_key][0] in (*COMMITTEES, Role.OFFICE)
        expected = (200 if own else 403) if m.sees(role_key, target) else 404
        if status != expected:
            wrong.append((role_key, target, status))
    assert wrong == []
