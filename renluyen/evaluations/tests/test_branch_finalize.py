"""Finalizing the branch's results and taking them back (IV.1 Step 3)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchState, Evaluation, Level, Reason
from renluyen.evaluations.tests.test_branch_table import add_member


def action_url(name, org, program):
    return f"{reverse(f'evaluations:{name}', args=[org['branch_a1'].pk])}?program={program.pk}"


def hold_meeting(program, org, user):
    services.meeting_save(
        program=program,
        branch=org["branch_a1"],
        user=user,
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="",
    )


@pytest.fixture
def hoa(enrollment, people):
    """Hoa self-scored 9 a criterion and the secretary accepted it as it stands."""
    factories.self_scores(enrollment, score=9, accept_by=people["secretary_a1"])
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def nam(org, program, people, hoa):
    """Trần Văn Nam has a confirmed form but nobody has scored him."""
    return add_member(
        program, org["branch_a1"], "Trần Văn Nam", confirm_by=people["secretary_a1"], submit=False
    )


def state(program, org):
    return services.branch_evaluation(program, org["branch_a1"]).state


def test_it_is_refused_without_a_meeting(client, org, program, people, hoa):
    client.force_login(people["secretary_a1"])
    response = client.post(action_url("finalize", org, program), follow=True)
    assert "Hãy ghi lại cuộc họp đánh giá (ngày họp) trước khi chốt kết quả." in text(response)
    assert state(program, org) == BranchState.OPEN


def test_it_is_refused_listing_unscored_members(client, org, program, people, nam):
    hold_meeting(program, org, people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert "Vẫn chốt: những đoàn viên này sẽ bị xếp Không hoàn thành" in page
    response = client.post(action_url("finalize", org, program), follow=True)
    page = text(response)
    assert "Trần Văn Nam" in page.split('class="messages"')[1].split("</ul>")[0]
    assert state(program, org) == BranchState.OPEN


def test_it_is_accepted_with_the_checkbox(client, org, program, people, nam, hoa):
    hold_meeting(program, org, people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    response = client.post(
        action_url("finalize", org, program), {"accept_unevaluated": "1"}, follow=True
    )
    assert "Đã chốt kết quả và chuyển lên." in text(response)
    assert state(program, org) == BranchState.FINALIZED
    nam_result = Evaluation.objects.get(enrollment=nam)
    assert (nam_result.level, nam_result.reason) == (Level.NOT_COMPLETED, Reason.NOT_EVALUATED)
    assert Evaluation.objects.get(enrollment=hoa).level == Level.EXCELLENT
    page = text(response)
    assert "Chi đoàn đã chốt kết quả" in page
    assert "Hoàn thành xuất sắc: <b>1</b>" in page and "Không hoàn thành: <b>1</b>" in page
    assert "Rút lại kết quả" in page


def test_a_member_waiting_for_the_branch_is_not_evaluated(client, org, program, people, hoa):
    """A submitted self-evaluation nobody acted on waits: finalizing names the member, and
    finalizing anyway makes them Không hoàn thành (not evaluated), not their self-score."""
    tu = add_member(program, org["branch_a1"], "Vũ Minh Tú", confirm_by=people["secretary_a1"])
    hold_meeting(program, org, people["secretary_a1"])
    with pytest.raises(DomainError, match="Vũ Minh Tú"):
        services.branch_finalize(
            program=program, branch=org["branch_a1"], user=people["secretary_a1"]
        )
    services.branch_finalize(
        program=program,
        branch=org["branch_a1"],
        user=people["secretary_a1"],
        accept_unevaluated=True,
    )
    result = Evaluation.objects.get(enrollment=tu)
    assert (result.level, result.reason) == (Level.NOT_COMPLETED, Reason.NOT_EVALUATED)


def test_a_changed_score_needs_a_reason_naming_the_member(client, org, program, people, hoa):
    secretary = people["secretary_a1"]
    row = services.rows_of(hoa.evaluation)[0]
    services.collective_set(enrollment=hoa, user=secretary, item_id=row.item.pk, value="5")
    hold_meeting(program, org, secretary)
    client.force_login(secretary)
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert "Điểm đã điều chỉnh nhưng chưa ghi lý do cho đoàn viên:" in page
    response = client.post(
        action_url("finalize", org, program), {"accept_unevaluated": "1"}, follow=True
    )
    message = text(response).split('class="messages"')[1].split("</ul>")[0]
    assert "chưa ghi lý do: Lê Thị Hoa" in message
    assert state(program, org) == BranchState.OPEN
    services.reason_set(enrollment=hoa, user=secretary, text="Chưa đủ minh chứng cho 1.1.")
    client.post(action_url("finalize", org, program))
    assert state(program, org) == BranchState.FINALIZED


def test_a_large_branch_needs_group_comments(client, org, program, people, hoa):
    for i in range(29):
        factories.enroll(program, factories.member(branch=org["branch_a1"], name=f"Đoàn viên {i}"))
    hold_meeting(program, org, people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    response = client.post(
        action_url("finalize", org, program), {"accept_unevaluated": "1"}, follow=True
    )
    assert "Lê Thị Hoa" in text(response).split('class="messages"')[1].split("</ul>")[0]
    assert state(program, org) == BranchState.OPEN
    group = factories.unit(level="subbranch", parent=org["branch_a1"], name="Nhóm 1")
    hoa.group = group
    hoa.save()
    services.group_comment_add(
        enrollment=hoa,
        user=people["secretary_a1"],
        text="Gương mẫu, nhiệt tình với công việc chung.",
    )
    client.post(action_url("finalize", org, program), {"accept_unevaluated": "1"})
    assert state(program, org) == BranchState.FINALIZED


def test_after_finalizing_inputs_are_disabled_and_withdraw_reopens(
    client, org, program, people, hoa
):
    hold_meeting(program, org, people["secretary_a1"])
    client.force_login(people["secretary_a1"])
    client.post(action_url("finalize", org, program))
    assert state(program, org) == BranchState.FINALIZED
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert "không thể sửa nữa" in page
    assert page.count('class="cs"') == 10
    assert page.count(" disabled>") >= 10
    assert "Chấp nhận điểm tự chấm" not in page
    # A locked table says nothing of keys or of cells that save themselves.
    assert "Bàn phím" not in page and "tự lưu" not in page
    response = client.post(action_url("withdraw", org, program), follow=True)
    assert "Đã rút lại kết quả; chi đoàn có thể sửa." in text(response)
    assert state(program, org) == BranchState.OPEN


def test_withdraw_is_refused_once_the_federation_acted(client, org, program, people, hoa):
    hold_meeting(program, org, people["secretary_a1"])
    services.branch_finalize(program=program, branch=org["branch_a1"], user=people["secretary_a1"])
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    client.force_login(people["secretary_a1"])
    response = client.post(action_url("withdraw", org, program), follow=True)
    assert state(program, org) == BranchState.FORWARDED
    assert 'class="msg-error"' in response.content.decode()
    assert "Rút lại kết quả" not in text(response)


def test_recognized_results_say_locked(client, org, program, people, hoa):
    hold_meeting(program, org, people["secretary_a1"])
    services.branch_finalize(program=program, branch=org["branch_a1"], user=people["secretary_a1"])
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    services.branch_recognize(program=program, branch=org["branch_a1"], user=people["standing"])
    client.force_login(people["secretary_a1"])
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert "Đoàn cơ sở đã công nhận</strong> — đã khoá" in page
    assert "Chốt kết quả và chuyển lên" not in page


@pytest.mark.parametrize("name", ["finalize", "withdraw"])
def test_readers_and_outsiders(client, org, program, people, hoa, name):
    client.force_login(people["fed_a"])
    assert client.post(action_url(name, org, program)).status_code == 403
    client.force_login(people["secretary_b1"])
    assert client.post(action_url(name, org, program)).status_code == 404
    assert state(program, org) == BranchState.OPEN
