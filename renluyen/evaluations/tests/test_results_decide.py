"""Decisions on the results page (IV.1 Step 3): the federation forwards or returns, the
base Union recognizes (one or many), returns or reopens; each only on its turn, refused
with a message, and with 403 for a user who may not take the step at all."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.organizations.models import Level, Role, RoleAssignment


def decide_url(unit, program):
    return f"{reverse('evaluations:decide', args=[unit.pk])}?program={program.pk}"


def state(program, branch):
    return BranchEvaluation.objects.get(program=program, branch=branch).state


@pytest.fixture
def finalized(org, people, enrollment):
    """Chi đoàn A1 scored Lê Thị Hoa (self-scores taken over) and sent its results up."""
    factories.self_scores(enrollment)
    factories.finalize(enrollment.program, org["branch_a1"], people["secretary_a1"])
    return enrollment.program


def post(client, unit, program, step, branches, comment=""):
    data = {"step": step, "branch": [b.pk for b in branches], "comment": comment}
    return client.post(decide_url(unit, program), data, follow=True)


def test_the_federation_forwards(client, org, people, finalized):
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], finalized, "forward", [org["branch_a1"]])
    assert "Đã chuyển 1 chi đoàn lên Đoàn cơ sở." in text(response)
    assert state(finalized, org["branch_a1"]) == BranchState.FORWARDED


def test_the_federation_may_not_recognize(client, org, people, finalized):
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], finalized, "recognize", [org["branch_a1"]])
    assert response.status_code == 403
    assert "Bạn không có quyền quyết định" in text(response)
    assert state(finalized, org["branch_a1"]) == BranchState.FINALIZED


def test_the_base_union_waits_for_the_federation(client, org, people, finalized):
    client.force_login(people["standing"])
    response = post(client, org["base"], finalized, "recognize", [org["branch_a1"]])
    page = text(response)
    assert "Bỏ qua 1: Chi đoàn A1 — Liên chi đoàn chưa chuyển kết quả lên." in page
    assert state(finalized, org["branch_a1"]) == BranchState.FINALIZED


def test_the_base_union_recognizes_many_and_names_the_skipped(client, org, people, program):
    branches = []
    for i in range(3):
        branch = factories.unit(parent=org["base"], name=f"Chi đoàn trực thuộc {i}")
        secretary = factories.user()
        factories.role(secretary, branch, Role.BRANCH_SECRETARY)
        factories.enroll(program, factories.member(branch=branch))
        branches.append(branch)
    factories.open_evaluation(program)
    for branch in branches[:2]:
        factories.finalize(program, branch, secretary=_secretary(branch))
    client.force_login(people["standing"])
    response = post(client, org["base"], program, "recognize", branches)
    page = text(response)
    assert "Đã công nhận 2 chi đoàn." in page
    assert "Bỏ qua 1: Chi đoàn trực thuộc 2 — chi đoàn chưa chốt kết quả." in page
    assert [state(program, b) for b in branches[:2]] == [BranchState.RECOGNIZED] * 2
    assert not BranchEvaluation.objects.filter(branch=branches[2], state="recognized").exists()


def _secretary(branch):
    return RoleAssignment.objects.get(unit=branch).user


def test_a_return_needs_a_comment(client, org, people, finalized):
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], finalized, "return", [org["branch_a1"]], "  ")
    assert "Hãy ghi rõ chi đoàn cần sửa gì trước khi trả lại." in text(response)
    assert state(finalized, org["branch_a1"]) == BranchState.FINALIZED
    response = post(
        client,
        org["fed_a"],
        finalized,
        "return",
        [org["branch_a1"]],
        "Biên bản họp còn thiếu chữ ký",
    )
    assert "Đã trả lại kết quả của 1 chi đoàn." in text(response)
    be = BranchEvaluation.objects.get(program=finalized, branch=org["branch_a1"])
    assert be.state == BranchState.RETURNED
    assert be.return_comment == "Biên bản họp còn thiếu chữ ký"
    page = text(
        client.get(
            f"{reverse('evaluations:results', args=[org['fed_a'].pk])}?program={finalized.pk}"
        )
    )
    assert "Lý do trả lại: Biên bản họp còn thiếu chữ ký" in page


def recognized(org, people, program):
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    services.branch_recognize(program=program, branch=org["branch_a1"], user=people["standing"])


def test_the_base_union_reopens_with_a_reason(client, org, people, finalized):
    recognized(org, people, finalized)
    client.force_login(people["standing"])
    response = post(client, org["base"], finalized, "reopen", [org["branch_a1"]])
    assert "Hãy ghi lý do mở lại." in text(response)
    assert state(finalized, org["branch_a1"]) == BranchState.RECOGNIZED
    response = post(
        client, org["base"], finalized, "reopen", [org["branch_a1"]], "Chấm nhầm điểm nội dung 2"
    )
    page = text(response)
    assert "Đã mở lại kết quả của 1 chi đoàn." in page
    assert state(finalized, org["branch_a1"]) == BranchState.OPEN
    event = Event.objects.get(verb="evaluation.reopen")
    assert event.actor == people["standing"]
    assert event.data["reason"] == "Chấm nhầm điểm nội dung 2"
    assert "lý do: Chấm nhầm điểm nội dung 2" in page


def test_the_federation_may_not_reopen(client, org, people, finalized):
    recognized(org, people, finalized)
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], finalized, "reopen", [org["branch_a1"]], "Sai")
    assert response.status_code == 403
    assert state(finalized, org["branch_a1"]) == BranchState.RECOGNIZED


def test_recognized_results_are_locked_for_everyone_below(
    client, org, people, finalized, member_user
):
    enrollment = finalized.enrollments.get()
    recognized(org, people, finalized)
    with pytest.raises(DomainError, match="công nhận|recognized"):
        factories.self_scores(enrollment, submit=False)
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    with pytest.raises(DomainError):
        services.collective_set(
            enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="5"
        )
    with pytest.raises(DomainError):
        services.branch_finalize(
            program=finalized, branch=org["branch_a1"], user=people["secretary_a1"]
        )
    with pytest.raises(DomainError):
        services.branch_withdraw(
            program=finalized, branch=org["branch_a1"], user=people["secretary_a1"]
        )
    # The federation's page refuses it too: nothing is its to decide.
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], finalized, "return", [org["branch_a1"]], "Sửa lại")
    assert "Bỏ qua 1: Chi đoàn A1 — kết quả đã được công nhận." in text(response)
    assert state(finalized, org["branch_a1"]) == BranchState.RECOGNIZED


def test_branches_outside_the_unit_are_ignored(client, org, people, program):
    factories.enroll(program, factories.member(branch=org["branch_b1"]))
    factories.open_evaluation(program)
    factories.finalize(program, org["branch_b1"], people["secretary_b1"])
    client.force_login(people["fed_a"])
    response = post(client, org["fed_a"], program, "forward", [org["branch_b1"]])
    assert "Hãy chọn chi đoàn trước." in text(response)
    assert state(program, org["branch_b1"]) == BranchState.FINALIZED


def test_an_unknown_step_is_a_message(client, org, people, program):
    client.force_login(people["standing"])
    response = post(client, org["base"], program, "finalize", [org["branch_a1"]])
    assert "Hãy chọn việc cần làm với kết quả." in text(response)


def test_outsiders_get_404(client, org, people, program):
    client.force_login(people["secretary_b1"])
    response = client.post(decide_url(org["fed_a"], program), {"step": "forward"})
    assert response.status_code == 404


def test_a_secretary_may_not_decide_for_the_federation(client, org, people, finalized):
    """The branch sees its own unit but cannot forward its own results."""
    client.force_login(people["secretary_a1"])
    response = post(client, org["branch_a1"], finalized, "forward", [org["branch_a1"]])
    assert response.status_code == 403


def test_it_only_accepts_post(client, org, people, program):
    client.force_login(people["standing"])
    assert client.get(decide_url(org["base"], program)).status_code == 405


def test_a_base_union_without_federation_recognizes_directly(client, org, people, program):
    branch = factories.unit(level=Level.BRANCH, parent=org["base"], name="Chi đoàn cán bộ")
    secretary = factories.user()
    factories.role(secretary, branch, Role.BRANCH_SECRETARY)
    factories.enroll(program, factories.member(branch=branch))
    factories.open_evaluation(program)
    factories.finalize(program, branch, secretary)
    client.force_login(people["standing"])
    response = post(client, org["base"], program, "recognize", [branch])
    assert "Đã công nhận 1 chi đoàn." in text(response)
