"""Transfers (chuyển sinh hoạt Đoàn, issue 9 item 5): within the base Union the form,
scores and history follow the member; out of it the status says where to. A recognized
year is never changed; results on their way up block the move."""

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.core.policy import Action, can
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import text
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation
from renluyen.people.models import MemberStatus
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Registration


def _move(client, member, branch):
    return client.post(
        f"/members/{member.pk}/transfer/",
        {"mode": "inside", "branch": str(branch.pk), "on": timezone.localdate().isoformat()},
    )


@pytest.fixture
def year(org, people):
    """A member of A1 with a confirmed form and submitted self-scores."""
    program = factories.program(unit=org["base"])
    member = factories.member(
        branch=org["branch_a1"], name="Trần Thị Chuyển", user=factories.user()
    )
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=people["secretary_a1"])
    factories.open_evaluation(program)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    factories.self_scores(enrollment)
    return program, member, enrollment


def test_a_transfer_carries_the_form_scores_and_history(client, org, people, year):
    program, member, enrollment = year
    form = Registration.objects.get(enrollment=enrollment)
    evaluation = Evaluation.objects.get(enrollment=enrollment)
    client.force_login(people["secretary_a1"])
    response = _move(client, member, org["branch_b1"])
    assert response.status_code == 302
    member.refresh_from_db()
    enrollment.refresh_from_db()
    assert member.branch == org["branch_b1"] and enrollment.branch == org["branch_b1"]
    # The same form and scores, now the new branch's to review and score.
    assert Registration.objects.get(enrollment=enrollment).pk == form.pk
    assert Evaluation.objects.get(enrollment=enrollment).pk == evaluation.pk
    assert can(people["secretary_b1"], Action.EVALUATE, enrollment)
    assert not can(people["secretary_a1"], Action.VIEW_REGISTRATION, enrollment)
    # Both branches see the move in their history; the form's history says it too.
    client.force_login(people["standing"])
    for branch in (org["branch_a1"], org["branch_b1"]):
        history = text(client.get(f"/units/{branch.pk}/history/"))
        assert "Trần Thị Chuyển" in history and "chuyển sinh hoạt từ Chi đoàn A1 sang" in history
    client.force_login(people["secretary_b1"])
    form_history = text(client.get(f"/registrations/{enrollment.pk}/history/"))
    assert "Chuyển sang chi đoàn khác (chuyển sinh hoạt)" in form_history
    assert "Chi đoàn A1" in form_history and "Xác nhận phiếu" in form_history


def test_a_recognized_year_stays_with_the_old_branch(client, org, people, year):
    program, member, enrollment = year
    # update_or_create: the member's self-evaluation made the branch's row (its lock).
    BranchEvaluation.objects.update_or_create(
        program=program, branch=org["branch_a1"], defaults={"state": BranchState.RECOGNIZED}
    )
    client.force_login(people["office"])
    response = _move(client, member, org["branch_b1"])
    assert response.status_code == 302
    assert "vẫn thuộc chi đoàn cũ" in text(client.get(response["Location"]))
    member.refresh_from_db()
    enrollment.refresh_from_db()
    assert member.branch == org["branch_b1"]
    assert enrollment.branch == org["branch_a1"]


@pytest.mark.parametrize("state", [BranchState.FINALIZED, BranchState.FORWARDED])
@pytest.mark.parametrize("where", ["branch_a1", "branch_b1"])
def test_results_on_their_way_up_block_the_move(client, org, people, year, state, where):
    program, member, enrollment = year
    BranchEvaluation.objects.update_or_create(
        program=program, branch=org[where], defaults={"state": state}
    )
    client.force_login(people["office"])
    response = _move(client, member, org["branch_b1"])
    assert response.status_code == 200
    assert "đã được chuyển lên" in text(response)
    member.refresh_from_db()
    enrollment.refresh_from_db()
    assert member.branch == enrollment.branch == org["branch_a1"]


def test_no_one_joins_a_recognized_branch_for_that_year(client, org, people, year):
    program, member, _enrollment = year
    BranchEvaluation.objects.create(
        program=program, branch=org["branch_b1"], state=BranchState.RECOGNIZED
    )
    client.force_login(people["office"])
    assert "đã được công nhận" in text(_move(client, member, org["branch_b1"]))


def test_out_of_the_base_union(client, org, people, year):
    _program, member, enrollment = year
    client.force_login(people["secretary_a1"])
    response = client.post(
        f"/members/{member.pk}/transfer/",
        {"mode": "outside", "to_unit": "Đoàn phường Dịch Vọng", "on": "2026-12-01"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED
    assert (member.transferred_to, member.transferred_on.isoformat()) == (
        "Đoàn phường Dịch Vọng", "2026-12-01"
    )  # fmt: skip
    assert Enrollment.objects.get(pk=enrollment.pk).branch == org["branch_a1"]
    page = text(client.get(f"/members/{member.pk}/"))
    assert "đến Đoàn phường Dịch Vọng ngày 01/12/2026" in page
    # A transferred member is transferred no more, and enrolled in no new year.
    assert client.get(f"/members/{member.pk}/transfer/").status_code == 200
    assert "không còn sinh hoạt tại đây" in text(_move(client, member, org["branch_a2"]))


def test_the_receiving_branch_is_picked_from_the_base_union_s_open_branches(client, org, people):
    member = factories.member(branch=org["branch_a1"])
    client.force_login(people["office"])
    page = text(client.get(f"/members/{member.pk}/transfer/"))
    assert "Chi đoàn B1" in page and f'value="{org["branch_a1"].pk}"' not in page
    # An id typed by hand that is not such a branch is refused.
    other = factories.unit(parent=factories.unit(level="base", parent=org["upper"]))
    assert "Hãy chọn chi đoàn" in text(_move(client, member, other))


@m.covers("people:member_transfer")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_transfer_page_by_role_and_target(client, matrix, role_key, target):
    member = matrix.members[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.TRANSFER_MEMBERS)
    assert client.get(f"/members/{member.pk}/transfer/").status_code == expected
    response = _move(client, member, matrix.units["branch_a2"])
    member.refresh_from_db()
    if expected == 200:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == expected
        assert member.branch == matrix.units[m.target_of(role_key, target)]
