"""Who sees the ranking: the units' reach as everywhere (own unit and below, else 404);
only the standing committee that runs the program sets the weights (else 403)."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.dashboards import rollups


@pytest.fixture
def program(matrix):
    program = factories.program(unit=matrix.units["base"])
    factories.enroll(program, matrix.members["branch_a1"])
    rollups.rebuild()
    return program


def test_ranking_and_weights_by_role_and_target(client, matrix, program):
    """Every role of the matrix on its own unit, a child, a sibling and a parent."""
    wrong = []
    query = f"?program={program.pk}"
    for role_key, target in m.CASES:
        unit = matrix.units[m.target_of(role_key, target)]
        client.force_login(matrix.users[role_key])
        seen = m.sees(role_key, target)
        for name in ("ranking", "export"):
            # A branch has no units below to rank: its page says so; there is no export.
            below = name == "ranking" or unit.level not in ("branch", "subbranch")
            status = client.get(reverse(f"emulation:{name}", args=[unit.pk]) + query).status_code
            if status != (200 if seen and below else 404):
                wrong.append((role_key, target, name, status))
        status = client.post(
            reverse("emulation:weights", args=[unit.pk]) + query,
            {"on_time": "10", "good": "10", "report": "10"},
        ).status_code
        expected = (302 if role_key == "standing_committee" else 403) if seen else 404
        if status != expected:
            wrong.append((role_key, target, "weights", status))
    assert wrong == []
