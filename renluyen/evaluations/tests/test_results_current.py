"""The results pages read each branch's members and levels from the stored per-branch
figures: after a score, an acceptance, finalize (a member left unscored included), a
return or new thresholds, the page shows what a count of the raw rows says, at once."""

from decimal import Decimal

import pytest
from django.db.models import Count

# The URLconf before the views: it registers the converter their routes use.
import renluyen.urls  # noqa: F401
from renluyen import factories
from renluyen.dashboards import rollups
from renluyen.evaluations import services
from renluyen.evaluations.models import Evaluation, Level, Reason
from renluyen.evaluations.views import units
from renluyen.imports.tests.conftest import make_program
from renluyen.programs.models import Enrollment
from renluyen.programs.services import program_update


def counted(program, unit) -> dict:
    """{branch pk: (members, {level: n})} from the raw rows, every stored level counted
    (what the page showed before it read the stored figures)."""
    out = {}
    enrollments = Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
    for branch_id, n in enrollments.values_list("branch_id").annotate(n=Count("pk")):
        out[branch_id] = (n, dict.fromkeys(Level.values, 0))
    levels = (
        Evaluation.objects.filter(enrollment__in=enrollments)
        .exclude(level="")
        .values_list("enrollment__branch_id", "level")
        .annotate(n=Count("pk"))
    )
    for branch_id, level, n in levels:
        out[branch_id][1][level] = n
    return out


def shown(program, unit, user) -> dict:
    return {
        row.branch.pk: (row.members, row.levels)
        for row in units.branch_rows(program, unit, user)
        if row.members
    }


@pytest.fixture
def year(org, people, program):
    """Three members of A1 with confirmed forms and one of B1; the evaluation open."""
    a1 = [
        factories.confirmed_member(program, org["branch_a1"], people["secretary_a1"])
        for _ in range(3)
    ]
    b1 = factories.confirmed_member(program, org["branch_b1"], people["secretary_b1"])
    factories.open_evaluation(program)
    return a1, b1


def test_the_results_follow_every_step_at_once(org, people, program, year):
    a1, b1 = year
    secretary, standing = people["secretary_a1"], people["standing"]

    def same(step: str):
        assert shown(program, org["base"], standing) == counted(program, org["base"]), step

    same("enrolled")
    factories.self_scores(a1[0], accept_by=secretary)
    factories.self_scores(a1[1], score=1, accept_by=secretary)
    factories.self_scores(b1, accept_by=people["secretary_b1"])
    same("accepted")
    assert shown(program, org["base"], standing)[org["branch_a1"].pk][1][Level.EXCELLENT] == 1
    # Finalized with a member left unscored: Không hoàn thành for want of scores.
    factories.finalize(program, org["branch_a1"], secretary)
    assert Evaluation.objects.get(enrollment=a1[2]).reason == Reason.NOT_EVALUATED
    same("finalized")
    assert shown(program, org["base"], standing)[org["branch_a1"].pk][1][Level.NOT_COMPLETED] == 2
    services.branch_return(
        program=program, branch=org["branch_a1"], user=people["fed_a"], comment="Chấm tiếp."
    )
    same("returned")
    factories.self_scores(a1[2], accept_by=secretary)
    same("scored after the return")
    assert shown(program, org["base"], standing)[org["branch_a1"].pk][1][Level.NOT_COMPLETED] == 1


def test_the_grouped_page_counts_the_same(org, people, program, year, monkeypatch):
    monkeypatch.setattr(units, "GROUP_OVER", 2)
    a1, _b1 = year
    factories.self_scores(a1[0], accept_by=people["secretary_a1"])
    factories.finalize(program, org["branch_a1"], people["secretary_a1"])
    groups, _counts = units.group_rows(program, org["base"])
    by_unit = {g.unit.pk: (g.members, g.levels) for g in groups}
    raw = counted(program, org["base"])
    assert by_unit[org["fed_a"].pk] == raw[org["branch_a1"].pk]
    assert by_unit[org["fed_a"].pk][1][Level.NOT_COMPLETED] == 2
    assert by_unit[org["fed_b"].pk] == raw[org["branch_b1"].pk]


def test_new_thresholds_show_at_once(org, people):
    # A program in its own school year, so its settings can be changed by the service.
    program = make_program(org["base"])
    program.refresh_from_db()
    enrollment = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    Evaluation.objects.create(
        enrollment=enrollment, total=Decimal("75"), level=Level.COMPLETED, reason=""
    )
    rollups.refresh_branch(program=program, branch=org["branch_a1"])
    program_update(
        program=program,
        user=people["standing"],
        values={"threshold_good": Decimal("85"), "threshold_pass": Decimal("80")},
    )
    levels = shown(program, org["base"], people["standing"])[org["branch_a1"].pk][1]
    assert levels[Level.COMPLETED] == 0 and levels[Level.NOT_COMPLETED] == 1
    assert shown(program, org["base"], people["standing"]) == counted(program, org["base"])
