"""A score saved while the branch finalizes (issue 13, item 9): every write on a branch's
evaluation and the finalize take the same row lock (the branch's BranchEvaluation), so
one waits for the other. Two real transactions on two connections, on PostgreSQL (SQLite
has no row locks: it runs one writer at a time anyway).

Without the lock, the finalize read the scores while a cell's save was still open, then
stored a total the scores no longer added up to (70 stored, 69,5 in the scores), or a
score was accepted after the finalize.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connections, transaction

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation
from renluyen.evaluations.tests.test_branch_finalize import hold_meeting

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]

HOLD = 0.6  # seconds the first transaction keeps its lock after taking it


@pytest.fixture
def hoa(org, people):
    """Hoa's self-scores (8 a criterion) accepted; her first score lowered to 7 with a
    reason; the meeting recorded: the branch is ready to finalize."""
    secretary = people["secretary_a1"]
    program = factories.program(unit=org["base"])
    member = factories.member(branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user())
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=secretary)
    factories.open_evaluation(program)
    enrollment.refresh_from_db()
    factories.self_scores(enrollment, score=8, accept_by=secretary)
    first = services.rows_of(enrollment.evaluation)[0]
    services.collective_set(enrollment=enrollment, user=secretary, item_id=first.item.pk, value="7")
    services.reason_set(enrollment=enrollment, user=secretary, text="Thiếu minh chứng 1.1.")
    hold_meeting(program, org, secretary)
    enrollment.refresh_from_db()
    return enrollment


def run(target, results, key):
    """Run `target` in a thread with its own database connection; keep what it returned
    or raised, and when it ended."""

    def body():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[key] = error
        finally:
            results[f"{key}_at"] = time.monotonic()
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def holding(call, started: threading.Event):
    """`call` in a transaction that keeps its locks HOLD seconds after `started` is set;
    returns when it committed."""

    def body():
        with transaction.atomic():
            call()
            started.set()
            time.sleep(HOLD)
        return time.monotonic()

    return body


def after(started: threading.Event, call):
    """`call` as soon as the other transaction holds its locks."""

    def body():
        started.wait(5)
        return call()

    return body


def stored_and_summed(enrollment):
    evaluation = Evaluation.objects.get(enrollment=enrollment)
    scores = [r.score.collective_score for r in services.rows_of(evaluation)]
    return evaluation.total, sum(scores, Decimal(0))


def test_a_finalize_waits_for_a_score_being_saved_and_stores_it(hoa, org, people):
    program, branch, secretary = hoa.program, org["branch_a1"], people["secretary_a1"]
    second = services.rows_of(Evaluation.objects.get(enrollment=hoa))[1]
    saving, results = threading.Event(), {}
    # The cell's transaction holds the branch's lock while the deputy clicks "finalize".
    save_a_cell = holding(
        lambda: services.collective_set(
            enrollment=hoa, user=secretary, item_id=second.item.pk, value="7,5"
        ),
        saving,
    )
    finalize = after(
        saving, lambda: services.branch_finalize(program=program, branch=branch, user=secretary)
    )
    threads = [run(save_a_cell, results, "cell"), run(finalize, results, "finalize")]
    for thread in threads:
        thread.join(10)
    assert not isinstance(results["cell"], Exception), results["cell"]
    assert not isinstance(results["finalize"], Exception), results["finalize"]
    # The finalize waited for the cell's commit, then stored the total of every score.
    assert results["finalize_at"] >= results["cell"]
    assert BranchEvaluation.objects.get(pk=results["finalize"].pk).state == BranchState.FINALIZED
    assert stored_and_summed(hoa) == (Decimal("78.5"), Decimal("78.5"))


def test_a_score_saved_during_a_finalize_waits_and_is_refused(hoa, org, people):
    program, branch, secretary = hoa.program, org["branch_a1"], people["secretary_a1"]
    second = services.rows_of(Evaluation.objects.get(enrollment=hoa))[1]
    finalizing, results = threading.Event(), {}
    finalize = holding(
        lambda: services.branch_finalize(program=program, branch=branch, user=secretary),
        finalizing,
    )
    save_a_cell = after(
        finalizing,
        lambda: services.collective_set(
            enrollment=hoa, user=secretary, item_id=second.item.pk, value="5"
        ),
    )
    threads = [run(finalize, results, "finalize"), run(save_a_cell, results, "cell")]
    for thread in threads:
        thread.join(10)
    assert not isinstance(results["finalize"], Exception), results["finalize"]
    # The cell waited for the finalize's commit, then was refused: nothing changed after.
    assert results["cell_at"] >= results["finalize"]
    assert isinstance(results["cell"], DomainError)
    assert "không thể sửa nữa" in str(results["cell"])
    assert stored_and_summed(hoa) == (Decimal(79), Decimal(79))


def test_accepting_a_member_during_a_finalize_waits_and_is_refused(hoa, org, people):
    """Another member accepted with one key while the secretary finalizes."""
    program, branch, secretary = hoa.program, org["branch_a1"], people["secretary_a1"]
    deputy = factories.user()
    member = factories.member(branch=branch, name="Trần Văn Nam", user=factories.user())
    nam = factories.enroll(program, member)
    factories.registration(nam, confirm_by=secretary)
    nam.refresh_from_db()
    factories.self_scores(nam, score=9)
    finalizing, results = threading.Event(), {}
    finalize = holding(
        lambda: services.branch_finalize(
            program=program, branch=branch, user=secretary, accept_unevaluated=True
        ),
        finalizing,
    )
    accept = after(finalizing, lambda: services.member_accept(enrollment=nam, user=deputy))
    threads = [run(finalize, results, "finalize"), run(accept, results, "accept")]
    for thread in threads:
        thread.join(10)
    assert results["accept_at"] >= results["finalize"]
    assert isinstance(results["accept"], DomainError)
    evaluation = Evaluation.objects.get(enrollment=nam)
    assert evaluation.reviewed_at is None and evaluation.reason == "not_evaluated"
