"""Migration 0003: the branch's scores stop starting as copies of the self-scores, and
the data already stored stays sensible (evaluations/migrations/0003_review_not_prefill)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renluyen import factories
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, Score

BEFORE = [("evaluations", "0002_evaluation_review")]
AFTER = [("evaluations", "0004_remove_score_collective_set")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def every_migration_applied_after():
    """Going back to BEFORE also unapplies the other apps' migrations that depend on it
    (dashboards'), which AFTER does not bring back: the tests after this one need the
    whole schema again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.usefixtures("every_migration_applied_after")
@pytest.mark.django_db(transaction=True)
def test_copies_nobody_touched_are_cleared_where_the_branch_still_scores(org, people):
    program = factories.program(unit=org["base"])
    secretary = people["secretary_a1"]
    hoa = factories.enroll(program, factories.member(branch=org["branch_a1"], name="Hoa"))
    factories.registration(hoa, user=secretary, confirm_by=secretary)
    nam = factories.enroll(program, factories.member(branch=org["branch_a1"], name="Nam"))
    factories.registration(nam, user=secretary, confirm_by=secretary)
    done = factories.enroll(program, factories.member(branch=org["branch_b1"], name="Hà"))
    factories.registration(done, user=secretary, confirm_by=secretary)
    factories.open_evaluation(program)
    for enrollment in (hoa, nam, done):
        enrollment.refresh_from_db()
        services.evaluation_of(enrollment)
    # As the old code left them: every self-score copied into the branch's score.
    Score.objects.update(self_score=Decimal(8), collective_score=Decimal(8))
    Evaluation.objects.update(self_state="submitted", total=80, level="good")
    BranchEvaluation.objects.create(
        program=program, branch=org["branch_b1"], state=BranchState.FINALIZED
    )

    apps = migrate(BEFORE)
    OldScore = apps.get_model("evaluations", "Score")
    # The secretary had changed one of Hoa's cells (the old collective_set flag).
    changed = OldScore.objects.filter(evaluation__enrollment_id=hoa.pk).order_by("pk").first()
    changed.collective_score, changed.collective_set = Decimal(6), True
    changed.save()
    migrate(AFTER)

    def branch_scores(enrollment):
        return list(
            Score.objects.filter(evaluation__enrollment=enrollment)
            .order_by("pk")
            .values_list("collective_score", flat=True)
        )

    # Hoa: the cell the branch set stays; the copies are gone; she counts as acted on.
    assert branch_scores(hoa) == [Decimal(6)] + [None] * 9
    hoa_result = Evaluation.objects.get(enrollment=hoa)
    assert hoa_result.reviewed_at is not None
    assert (hoa_result.total, hoa_result.reason) == (None, "not_evaluated")
    # Nam: nothing of the branch's own, so he waits for the branch again.
    assert branch_scores(nam) == [None] * 10
    assert Evaluation.objects.get(enrollment=nam).reviewed_at is None
    # Hà's branch sent its results up: they stay as stored, evaluated.
    assert branch_scores(done) == [Decimal(8)] * 10
    kept = Evaluation.objects.get(enrollment=done)
    assert kept.reviewed_at is not None and (kept.total, kept.level) == (80, "good")
