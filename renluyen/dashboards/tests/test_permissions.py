"""Who sees which dashboard, late list and export: a role sees its own unit and those
below (200), never a sibling or a unit above (404); the upper level sees every unit
under it, read-only; a plain member sees no dashboard."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.dashboards import rollups
from renluyen.organizations.models import Role


@pytest.fixture
def program(matrix):
    program = factories.program(unit=matrix.units["base"])
    for key in ("branch_a1", "sub_a1", "branch_a2", "branch_b1"):
        factories.enroll(program, matrix.members[key])
    rollups.rebuild()
    return program


PAGES = {
    "dashboard": lambda unit: reverse("dashboards:unit", args=[unit.pk]),
    "late": lambda unit: reverse("dashboards:late", args=[unit.pk, "registration"]),
    "summary": lambda unit: reverse("dashboards:export", args=[unit.pk, "summary"]),
    "late_export": lambda unit: reverse("dashboards:export", args=[unit.pk, "late"]),
    "members_export": lambda unit: reverse("dashboards:export", args=[unit.pk, "members"]),
}


def test_roles_by_target_unit(client, matrix, program):
    """Every role of the matrix on its own unit, a child, a sibling and a parent (one
    tree for all the cases: building it is most of the time)."""
    wrong = []
    for role_key, target in m.CASES:
        unit = matrix.units[m.target_of(role_key, target)]
        client.force_login(matrix.users[role_key])
        expected = 200 if m.sees(role_key, target) else 404
        for page, url in PAGES.items():
            status = client.get(url(unit) + f"?program={program.pk}").status_code
            if status != expected:
                wrong.append((role_key, target, page, status))
    assert wrong == []


def test_the_upper_level_sees_every_unit_below_read_only(client, matrix, program):
    user = factories.user()
    factories.role(user, matrix.units["upper"], Role.UPPER_LEVEL)
    client.force_login(user)
    for page, key in [
        (page, key) for page in PAGES for key in ("upper", "base", "fed_a", "branch_a1", "base_2")
    ]:
        unit = matrix.units[key]
        query = f"?year={program.school_year}" if key == "upper" else ""
        response = client.get(PAGES[page](unit) + query)
        exports = page.endswith("export") or page == "summary"
        if exports and key == "base_2":
            # No program concerns base_2: nothing to export.
            assert response.status_code == 404, key
        else:
            assert response.status_code == 200, (page, key)
    page_html = client.get(PAGES["dashboard"](matrix.units["branch_a1"])).content.decode()
    # Read-only: no report to write, no weights to set.
    assert 'name="action"' not in page_html


def test_an_anonymous_visitor_is_asked_to_log_in(client, matrix, program):
    response = client.get(PAGES["dashboard"](matrix.units["base"]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
