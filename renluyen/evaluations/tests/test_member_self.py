"""The member's self-evaluation page (evaluations:self): draft, submit, the rules' messages
beside each field, the window, the lock, and the result once recognized."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, SelfState
from renluyen.organizations.models import Role
from renluyen.programs.models import Program

GOOD = factories.GOOD_SOLUTION


def url(enrollment):
    return reverse("evaluations:self", args=[enrollment.pk])


def rows(enrollment):
    return services.rows_of(services.evaluation_of(enrollment))


def form_data(enrollment, *, score="8", explanation=GOOD, action="save", version=None, **override):
    """Every criterion at `score` with `explanation`; `override` maps row index → (score,
    explanation)."""
    evaluation = services.evaluation_of(enrollment)
    data = {"action": action, "version": evaluation.version if version is None else version}
    for i, row in enumerate(rows(enrollment)):
        s, e = override.get(f"r{i}", (score, explanation))
        data[f"score-{row.key}"] = s
        data[f"explanation-{row.key}"] = e
    return data


def stored(enrollment):
    return [r.score.self_score for r in rows(enrollment)]


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_it_shows_each_area_and_criterion_with_solution_and_maximum(member_client, enrollment):
    response = member_client.get(url(enrollment))
    assert response.status_code == 200
    page = text(response)
    assert "1. " in page and "— 20 điểm" in page
    assert page.count('inputmode="decimal"') == 10
    assert "Giải pháp đã đăng ký" in page
    assert "Tối đa 10" in page
    assert "Giải trình việc đã làm được" in page
    assert GOOD in page
    assert "Tự chấm: <strong><span data-self-total>0</span>/100</strong>" in page
    assert 'data-excellent="90' in page and 'data-good="80' in page
    assert "Lưu nháp" in page and "Nộp bản tự đánh giá" in page


def test_it_saves_a_draft_and_accepts_a_comma(member_client, enrollment):
    data = form_data(enrollment, score="", explanation="", r0=("6,5", "Đã làm một phần."))
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(enrollment=enrollment)
    assert evaluation.self_state == SelfState.DRAFT
    assert stored(enrollment)[0] == Decimal("6.5")
    assert stored(enrollment)[1:] == [None] * 9
    page = text(member_client.get(url(enrollment)))
    assert "Đã lưu nháp." in page
    assert 'value="6,5"' in page
    assert "Đã làm một phần." in page


def test_it_refuses_a_score_off_the_half_point_steps(member_client, enrollment):
    data = form_data(enrollment, r3=("7,3", GOOD))
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 200
    page = text(response)
    assert "Điểm từ 0 đến 10, theo bước 0,5." in page
    key = rows(enrollment)[3].key
    assert f'href="#item-{key}"' in page
    assert 'value="7,3"' in page  # what was typed stays
    assert stored(enrollment) == [None] * 10


def test_submit_without_an_explanation_names_the_field_and_stores_nothing(
    member_client, enrollment
):
    data = form_data(enrollment, action="submit", r2=("8", ""))
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 200
    page = text(response)
    assert "Chưa thể nộp bản tự đánh giá." in page
    assert "Hãy giải trình cụ thể việc đã làm" in page
    key = rows(enrollment)[2].key
    assert f'id="item-{key}"' in page and "has-problem" in page
    assert stored(enrollment) == [None] * 10
    assert Evaluation.objects.get(enrollment=enrollment).self_state == SelfState.DRAFT


def test_submit_stores_scores_and_leaves_the_branch_s_empty(member_client, enrollment):
    data = form_data(enrollment, score="8", action="submit", r0=("9,5", GOOD))
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(enrollment=enrollment)
    assert evaluation.self_state == SelfState.SUBMITTED
    scores = [r.score for r in rows(enrollment)]
    assert [s.self_score for s in scores] == [Decimal("9.5")] + [Decimal(8)] * 9
    # The branch evaluates the member itself: nothing is copied into its scores.
    assert [s.collective_score for s in scores] == [None] * 10
    assert all(s.explanation == GOOD for s in scores)
    page = text(member_client.get(url(enrollment)))
    assert "Đã nộp bản tự đánh giá" in page
    assert "Bạn đã nộp bản tự đánh giá ngày" in page
    assert 'id="self-form"' not in page
    assert "81,5</span>/100" in page


def test_a_stale_version_is_refused_whole(member_client, enrollment):
    old = services.evaluation_of(enrollment).version
    factories.self_scores(enrollment, score=5, submit=False)  # saved elsewhere meanwhile
    response = member_client.post(url(enrollment), form_data(enrollment, score="9", version=old))
    assert response.status_code == 200
    assert "Bản tự đánh giá vừa được sửa ở nơi khác. Hãy tải lại trang để xem." in text(response)
    assert stored(enrollment) == [Decimal(5)] * 10


def test_before_the_window_it_is_read_only_with_the_opening_day(member_client, enrollment):
    start = timezone.localdate() + timedelta(days=3)
    Program.objects.filter(pk=enrollment.program_id).update(evaluation_start=start)
    response = member_client.get(url(enrollment))
    page = text(response)
    assert start.strftime("%d/%m/%Y") in page
    assert 'id="self-form"' not in page
    response = member_client.post(url(enrollment), form_data(enrollment))
    assert response.status_code == 200
    assert start.strftime("%d/%m/%Y") in text(response)
    assert stored(enrollment) == [None] * 10


def test_after_the_deadline_it_is_read_only(member_client, enrollment):
    today = timezone.localdate()
    Program.objects.filter(pk=enrollment.program_id).update(evaluation_deadline=today)
    page = text(member_client.get(url(enrollment)))
    assert f"Đã hết hạn tự đánh giá (trước ngày {today.strftime('%d/%m/%Y')})." in page
    assert 'id="self-form"' not in page


REASON = "Có minh chứng tham gia thêm hoạt động ở tiêu chí 1.1."


def finalize(enrollment, comment="Tích cực, cần chủ động hơn."):
    """The branch scores 9 on the first criterion (with its reason), accepts the other
    self-scores, comments and sends the results up."""
    program, branch = enrollment.program, enrollment.branch
    user = factories.user()
    factories.role(user, branch, Role.BRANCH_SECRETARY)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="9")
    services.reason_set(enrollment=enrollment, user=user, text=REASON)
    services.member_accept(enrollment=enrollment, user=user)
    services.comment_set(enrollment=enrollment, user=user, text=comment)
    services.meeting_save(
        program=program,
        branch=branch,
        user=user,
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="",
    )
    services.branch_finalize(program=program, branch=branch, user=user)
    return user


def test_after_finalize_it_is_locked_and_shows_the_collective_scores(member_client, enrollment):
    factories.self_scores(enrollment, score=8)
    finalize(enrollment)
    response = member_client.get(url(enrollment))
    page = text(response)
    assert "Chi đoàn đã chốt và gửi kết quả lên; không thể sửa nữa." in page
    assert "Điểm tập thể" in page and "81/100" in page
    assert "Tích cực, cần chủ động hơn." in page
    # The reason for the changed score, beside the scores.
    assert f"Lý do điều chỉnh điểm: {REASON}" in page
    assert "Kết quả:" not in page  # not recognized yet
    response = member_client.post(url(enrollment), form_data(enrollment, score="10"))
    assert "Chi đoàn đã chốt và gửi kết quả lên; không thể sửa nữa." in text(response)
    assert stored(enrollment) == [Decimal(8)] * 10


def test_the_reason_waits_for_the_results_to_be_sent_up(member_client, enrollment):
    factories.self_scores(enrollment, score=8)
    user = factories.user()
    factories.role(user, enrollment.branch, Role.BRANCH_SECRETARY)
    first = rows(enrollment)[0]
    services.collective_set(enrollment=enrollment, user=user, item_id=first.item.pk, value="6")
    services.reason_set(enrollment=enrollment, user=user, text=REASON)
    page = text(member_client.get(url(enrollment)))
    assert REASON not in page and "Điểm tập thể" not in page


def test_once_recognized_the_member_sees_the_result(member_client, enrollment, people):
    factories.self_scores(enrollment, score=9)
    finalize(enrollment)
    services.branch_forward(
        program=enrollment.program, branch=enrollment.branch, user=people["fed_a"]
    )
    services.branch_recognize(
        program=enrollment.program, branch=enrollment.branch, user=people["standing"]
    )
    page = text(member_client.get(url(enrollment)))
    assert "Kết quả: Hoàn thành xuất sắc — 90 điểm (đã được Đoàn cơ sở công nhận)" in page
    # A recognized result is no longer "expected".
    assert "Dự kiến" not in page


def test_a_recognized_not_completed_result_shows_its_reason(member_client, enrollment, people):
    factories.self_scores(enrollment, score=6)
    finalize(enrollment)
    be = BranchEvaluation.objects.get(program=enrollment.program, branch=enrollment.branch)
    services.branch_forward(program=be.program, branch=be.branch, user=people["fed_a"])
    services.branch_recognize(program=be.program, branch=be.branch, user=people["standing"])
    assert BranchEvaluation.objects.get(pk=be.pk).state == BranchState.RECOGNIZED
    page = text(member_client.get(url(enrollment)))
    assert "Kết quả: Không hoàn thành — 63 điểm" in page
    assert "Lý do: Điểm dưới mức Hoàn thành" in page


# ---------------------------------------------------------------- permissions


def test_another_member_gets_404(client, enrollment, org):
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    client.force_login(other)
    assert client.get(url(enrollment)).status_code == 404
    assert client.post(url(enrollment), {"action": "save"}).status_code == 404


def test_another_branchs_secretary_gets_404(client, enrollment, people):
    client.force_login(people["secretary_b1"])
    assert client.get(url(enrollment)).status_code == 404


def test_the_secretary_reads_but_cannot_self_evaluate_for_the_member(client, enrollment, people):
    client.force_login(people["secretary_a1"])
    response = client.get(url(enrollment))
    assert response.status_code == 200
    assert 'id="self-form"' not in text(response)
    assert "chỉ đoàn viên mới sửa được" in text(response)
    assert client.post(url(enrollment), form_data(enrollment)).status_code == 403
    assert stored(enrollment) == [None] * 10


def test_the_federation_reads_but_cannot_post(client, enrollment, people):
    client.force_login(people["fed_a"])
    assert client.get(url(enrollment)).status_code == 200
    assert client.post(url(enrollment), form_data(enrollment)).status_code == 403


def test_anonymous_is_sent_to_log_in(client, enrollment):
    response = client.get(url(enrollment))
    assert response.status_code == 302 and "/login/" in response["Location"]
