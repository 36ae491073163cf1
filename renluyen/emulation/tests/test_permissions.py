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


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_ranking_and_weights_by_role_and_target(client, matrix, program, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    query = f"?program={program.pk}"
    seen = m.sees(role_key, target)
    for name in ("ranking", "export"):
        response = client.get(reverse(f"emulation:{name}", args=[unit.pk]) + query)
        # A branch has no units below to rank: its page says so, and there is no export.
        expected = (
            200
            if seen and (name == "ranking" or unit.level not in ("branch", "subbranch"))
            else 404
        )
        assert response.status_code == expected, name
    response = client.post(
        reverse("emulation:weights", args=[unit.pk]) + query,
        {"on_time": "10", "good": "10", "report": "10"},
    )
    if not seen:
        assert response.status_code == 404
    elif role_key == "standing_committee":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
