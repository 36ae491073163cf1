"""The evaluation workflow: self-scores, the branch's scores, maxima, results and the lock."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchState, Evaluation, Level, Reason, SelfState
from renluyen.evaluations.services import SelfEntry

D = Decimal


def _entries(evaluation, score="9", explanation=factories.GOOD_SOLUTION):
    return {r.key: SelfEntry(score, explanation) for r in services.rows_of(evaluation)}


def _set_all(enrollment, user, values):
    rows = services.rows_of(services.evaluation_of(enrollment))
    for row, value in zip(rows, values, strict=True):
        services.collective_set(enrollment=enrollment, user=user, item_id=row.item.pk, value=value)
    return Evaluation.objects.get(enrollment=enrollment)


def _meeting(program, branch, user):
    return services.meeting_save(
        program=program,
        branch=branch,
        user=user,
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="Họp đánh giá cuối năm.",
    )


# ---------------------------------------------------------------- self-evaluation


def test_draft_keeps_partial_scores_and_submit_leaves_the_branch_s_empty(enrollment, people):
    evaluation = services.evaluation_of(enrollment)
    rows = services.rows_of(evaluation)
    assert len(rows) == 10 and {r.maximum for r in rows} == {D(10)}
    draft = {rows[0].key: SelfEntry("8,5", "")}
    evaluation = services.self_save(
        enrollment=enrollment, user=enrollment.member.user, entries=draft
    )
    assert evaluation.self_state == SelfState.DRAFT
    first = services.rows_of(evaluation)[0].score
    assert first.self_score == D("8.5") and first.collective_score is None

    evaluation = factories.self_scores(enrollment, score="9")
    assert evaluation.self_state == SelfState.SUBMITTED
    assert all(r.score.collective_score is None for r in services.rows_of(evaluation))
    assert (evaluation.total, evaluation.reason) == (None, Reason.NOT_EVALUATED)
    assert evaluation.reviewed_at is None
    # The branch accepts them as they stand: now they are its scores.
    evaluation, rows = services.member_accept(enrollment=enrollment, user=people["secretary_a1"])
    assert all(r.score.collective_score == D(9) for r in rows)
    assert (evaluation.total, evaluation.level) == (D(90), Level.EXCELLENT)


def test_submit_needs_every_score_and_a_real_explanation(enrollment):
    evaluation = services.evaluation_of(enrollment)
    entries = _entries(evaluation)
    keys = list(entries)
    entries[keys[0]] = SelfEntry("", factories.GOOD_SOLUTION)
    entries[keys[1]] = SelfEntry("9", ".....")
    entries[keys[2]] = SelfEntry("10,5", factories.GOOD_SOLUTION)
    with pytest.raises(DomainError) as refused:
        services.self_save(
            enrollment=enrollment, user=enrollment.member.user, entries=entries, submit=True
        )
    where = {p.where: p.message for p in refused.value.problems}
    assert set(where) == {f"item:{k}" for k in keys[:3]}
    assert "Hãy chấm điểm tiêu chí này." in where[f"item:{keys[0]}"]
    assert "Hãy giải trình cụ thể" in where[f"item:{keys[1]}"]
    assert "từ 0 đến 10" in where[f"item:{keys[2]}"]
    # Nothing was written.
    assert not evaluation.scores.filter(self_score__isnull=False).exists()


def test_self_evaluation_only_in_its_window(enrollment):
    program = enrollment.program
    program.evaluation_start = timezone.localdate() + timedelta(days=3)
    program.save()
    with pytest.raises(DomainError, match="mở từ ngày"):
        factories.self_scores(enrollment)
    program.evaluation_start = timezone.localdate() - timedelta(days=20)
    program.evaluation_deadline = timezone.localdate()
    program.save()
    with pytest.raises(DomainError, match="Đã hết hạn tự đánh giá"):
        factories.self_scores(enrollment)


def test_stale_version_is_refused(enrollment):
    evaluation = services.evaluation_of(enrollment)
    services.self_save(enrollment=enrollment, user=enrollment.member.user, entries={}, version=0)
    with pytest.raises(DomainError, match="sửa ở nơi khác"):
        services.self_save(
            enrollment=enrollment, user=enrollment.member.user, entries={}, version=0
        )
    assert Evaluation.objects.get(pk=evaluation.pk).version == 1


# ---------------------------------------------------------------- the branch's scores


def test_totals_with_the_equal_split_match_a_hand_computation(enrollment, people):
    factories.self_scores(enrollment, score="10")
    values = ["10", "9,5", "8", "7,5", "10", "6", "9", "9", "10", "0,5"]
    evaluation = _set_all(enrollment, people["secretary_a1"], values)
    assert evaluation.total == D("79.5")  # 10+9.5+8+7.5+10+6+9+9+10+0.5
    assert evaluation.level == Level.COMPLETED


def test_totals_with_set_maxima(enrollment, people):
    secretary = people["secretary_a1"]
    evaluation = services.evaluation_of(enrollment)
    area1 = [r for r in services.rows_of(evaluation) if r.item.area.number == 1]
    services.maxima_set(
        enrollment=enrollment,
        user=secretary,
        area_id=area1[0].item.area_id,
        values={area1[0].key: "14", area1[1].key: "6"},
    )
    rows = services.rows_of(evaluation)
    assert [r.maximum for r in rows[:2]] == [D(14), D(6)]
    assert sum(r.maximum for r in rows) == D(100)
    evaluation = _set_all(enrollment, secretary, ["13,5", "6"] + ["10"] * 8)
    assert evaluation.total == D("99.5")
    with pytest.raises(DomainError, match="từ 0 đến 6,"):
        services.collective_set(
            enrollment=enrollment, user=secretary, item_id=rows[1].item.pk, value="6,5"
        )


def test_maxima_that_do_not_add_up_are_refused_and_nothing_changes(enrollment, people):
    evaluation = services.evaluation_of(enrollment)
    area1 = [r for r in services.rows_of(evaluation) if r.item.area.number == 1]
    with pytest.raises(DomainError, match="Tổng điểm tối đa là 18; phải bằng 20"):
        services.maxima_set(
            enrollment=enrollment,
            user=people["secretary_a1"],
            area_id=area1[0].item.area_id,
            values={area1[0].key: "12", area1[1].key: "6"},
        )
    with pytest.raises(DomainError, match="hoặc để trống tất cả"):
        services.maxima_set(
            enrollment=enrollment,
            user=people["secretary_a1"],
            area_id=area1[0].item.area_id,
            values={area1[0].key: "12"},
        )
    assert not evaluation.scores.filter(max_points__isnull=False).exists()


def test_every_score_change_is_recorded_with_old_and_new(enrollment, people):
    factories.self_scores(enrollment, score="9", accept_by=people["secretary_a1"])
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    services.collective_set(
        enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="7"
    )
    event = Event.objects.filter(verb="evaluation.scores").latest("pk")
    assert event.actor == people["secretary_a1"]
    assert event.object_id == str(enrollment.pk)
    assert event.data["changes"] == [
        {
            "item": row.item.pk,
            "label": row.item.label,
            "field": "collective",
            "old": "9.00",
            "new": "7",
        }
    ]
    submitted = Event.objects.get(verb="evaluation.self_submit")
    assert len(submitted.data["changes"]) == 10
    assert submitted.data["changes"][0]["old"] is None


def test_nobody_scores_a_criterion_that_is_not_confirmed(enrollment, people):
    with pytest.raises(DomainError, match="không có trong phiếu đã xác nhận"):
        services.collective_set(
            enrollment=enrollment, user=people["secretary_a1"], item_id=999999, value="5"
        )


# ---------------------------------------------------------------- results and the lock


def test_finalize_stores_every_member_including_the_unregistered(org, program, enrollment, people):
    secretary = people["secretary_a1"]
    idle = factories.enroll(program, factories.member(branch=org["branch_a1"], name="Trần Văn Nam"))
    factories.self_scores(enrollment, score="8", accept_by=secretary)
    with pytest.raises(DomainError, match="Hãy ghi lại cuộc họp đánh giá"):
        services.branch_finalize(program=program, branch=org["branch_a1"], user=secretary)
    _meeting(program, org["branch_a1"], secretary)
    services.branch_finalize(program=program, branch=org["branch_a1"], user=secretary)
    hoa = Evaluation.objects.get(enrollment=enrollment)
    nam = Evaluation.objects.get(enrollment=idle)
    assert (hoa.total, hoa.level, hoa.reason) == (D(80), Level.GOOD, "")
    assert (nam.total, nam.level, nam.reason) == (
        None,
        Level.NOT_COMPLETED,
        Reason.NOT_REGISTERED,
    )


def test_unscored_members_block_finalizing_until_accepted(org, program, enrollment, people):
    secretary = people["secretary_a1"]
    _meeting(program, org["branch_a1"], secretary)
    with pytest.raises(DomainError, match="Lê Thị Hoa"):
        services.branch_finalize(program=program, branch=org["branch_a1"], user=secretary)
    services.branch_finalize(
        program=program, branch=org["branch_a1"], user=secretary, accept_unevaluated=True
    )
    hoa = Evaluation.objects.get(enrollment=enrollment)
    assert (hoa.level, hoa.reason) == (Level.NOT_COMPLETED, Reason.NOT_EVALUATED)


def test_a_large_branch_needs_group_comments_first(org, program, enrollment, people):
    branch = org["branch_a1"]
    branch.dispersed = True
    branch.save()
    secretary = people["secretary_a1"]
    factories.self_scores(enrollment, accept_by=secretary)
    _meeting(program, branch, secretary)
    with pytest.raises(DomainError, match="góp ý của phân đoàn/nhóm.*Lê Thị Hoa"):
        services.branch_finalize(program=program, branch=branch, user=secretary)
    services.group_comment_add(enrollment=enrollment, user=secretary, text="Tích cực, đúng hẹn.")
    be = services.branch_finalize(program=program, branch=branch, user=secretary)
    assert be.state == BranchState.FINALIZED


def _recognized(org, program, enrollment, people):
    factories.self_scores(enrollment, score="9", accept_by=people["secretary_a1"])
    _meeting(program, org["branch_a1"], people["secretary_a1"])
    services.branch_finalize(program=program, branch=org["branch_a1"], user=people["secretary_a1"])
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    return services.branch_recognize(
        program=program, branch=org["branch_a1"], user=people["standing"]
    )


def test_the_federation_forwards_before_the_base_union_recognizes(org, program, enrollment, people):
    factories.self_scores(enrollment, accept_by=people["secretary_a1"])
    _meeting(program, org["branch_a1"], people["secretary_a1"])
    be = services.branch_finalize(
        program=program, branch=org["branch_a1"], user=people["secretary_a1"]
    )
    assert services.holder(be) == "federation"
    with pytest.raises(DomainError, match="không chờ bạn xử lý"):
        services.branch_recognize(program=program, branch=org["branch_a1"], user=people["standing"])
    with pytest.raises(DomainError, match="không chờ bạn xử lý"):
        services.branch_forward(program=program, branch=org["branch_a1"], user=people["standing"])
    be = services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    assert services.holder(be) == "base"
    with pytest.raises(DomainError, match="không chờ bạn xử lý"):
        services.branch_recognize(program=program, branch=org["branch_a1"], user=people["fed_a"])


def test_recognized_results_are_locked_for_everyone(org, program, enrollment, people):
    be = _recognized(org, program, enrollment, people)
    assert be.state == BranchState.RECOGNIZED
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    with pytest.raises(DomainError, match="Đoàn cơ sở công nhận và đã khoá"):
        services.collective_set(
            enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="1"
        )
    with pytest.raises(DomainError, match="đã khoá"):
        services.comment_set(enrollment=enrollment, user=people["secretary_a1"], text="Sửa")
    with pytest.raises(DomainError):
        services.self_save(enrollment=enrollment, user=enrollment.member.user, entries={})
    for user in (people["secretary_a1"], people["fed_a"]):
        with pytest.raises(DomainError):
            services.branch_reopen(
                program=program, branch=org["branch_a1"], user=user, reason="Sai điểm"
            )
    with pytest.raises(DomainError):
        services.branch_finalize(
            program=program, branch=org["branch_a1"], user=people["secretary_a1"]
        )
    with pytest.raises(DomainError, match="đã khoá"):
        services.member_accept(enrollment=enrollment, user=people["secretary_a1"])
    with pytest.raises(DomainError, match="đã khoá"):
        services.reason_set(enrollment=enrollment, user=people["secretary_a1"], text="Sửa")
    assert Evaluation.objects.get(enrollment=enrollment).total == D(90)


def test_only_the_base_union_reopens_with_a_recorded_reason(org, program, enrollment, people):
    _recognized(org, program, enrollment, people)
    with pytest.raises(DomainError, match="Hãy ghi lý do mở lại"):
        services.branch_reopen(
            program=program, branch=org["branch_a1"], user=people["standing"], reason="  "
        )
    be = services.branch_reopen(
        program=program,
        branch=org["branch_a1"],
        user=people["standing"],
        reason="Chi đoàn chấm nhầm tiêu chí 2.1",
    )
    assert be.state == BranchState.OPEN
    event = Event.objects.get(verb="evaluation.reopen")
    assert event.actor == people["standing"]
    assert event.data["reason"] == "Chi đoàn chấm nhầm tiêu chí 2.1"
    row = services.rows_of(services.evaluation_of(enrollment))[0]
    services.collective_set(
        enrollment=enrollment, user=people["secretary_a1"], item_id=row.item.pk, value="8"
    )
    assert Evaluation.objects.get(enrollment=enrollment).total == D(89)


def test_returned_results_come_back_with_the_comment(org, program, enrollment, people):
    factories.self_scores(enrollment, accept_by=people["secretary_a1"])
    _meeting(program, org["branch_a1"], people["secretary_a1"])
    services.branch_finalize(program=program, branch=org["branch_a1"], user=people["secretary_a1"])
    with pytest.raises(DomainError, match="Hãy ghi rõ chi đoàn cần sửa gì"):
        services.branch_return(
            program=program, branch=org["branch_a1"], user=people["fed_a"], comment=""
        )
    be = services.branch_return(
        program=program,
        branch=org["branch_a1"],
        user=people["fed_a"],
        comment="Thiếu biên bản họp.",
    )
    assert be.state == BranchState.RETURNED and be.return_comment == "Thiếu biên bản họp."
    assert services.holder(be) == "branch"


def test_recognize_many_skips_branches_not_awaiting_the_base(org, program, enrollment, people):
    factories.self_scores(enrollment, accept_by=people["secretary_a1"])
    _meeting(program, org["branch_a1"], people["secretary_a1"])
    services.branch_finalize(program=program, branch=org["branch_a1"], user=people["secretary_a1"])
    services.branch_forward(program=program, branch=org["branch_a1"], user=people["fed_a"])
    done, skipped = services.branches_recognize_many(
        program=program, branches=[org["branch_a1"], org["branch_a2"]], user=people["standing"]
    )
    assert [be.branch for be in done] == [org["branch_a1"]]
    assert [s.branch for s in skipped] == [org["branch_a2"]]


# ---------------------------------------------------------------- changes after recognition


def test_groups_cannot_be_created_nor_members_moved_once_sent_up(org, program, enrollment, people):
    """Issue 13, item 8: the sub-branches' comments are part of the results."""
    secretary = people["secretary_a1"]
    branch = org["branch_a1"]
    group = services.group_create(program=program, branch=branch, name="Nhóm 1", user=secretary)
    _recognized(org, program, enrollment, people)
    with pytest.raises(DomainError, match="đã khoá"):
        services.group_create(program=program, branch=branch, name="Nhóm 2", user=secretary)
    with pytest.raises(DomainError, match="đã khoá"):
        services.groups_assign(
            program=program, branch=branch, user=secretary, groups={enrollment.pk: group.pk}
        )
    enrollment.refresh_from_db()
    assert enrollment.group_id is None
    assert list(branch.children.values_list("name", flat=True)) == ["Nhóm 1"]


def test_maxima_with_more_than_two_decimals_are_refused(enrollment, people):
    """0,004 + 19,996 would be stored as 0 and 20: refused, with the reason by the field."""
    evaluation = services.evaluation_of(enrollment)
    first, second = [r for r in services.rows_of(evaluation) if r.item.area.number == 1]
    with pytest.raises(DomainError) as refused:
        services.maxima_set(
            enrollment=enrollment,
            user=people["secretary_a1"],
            area_id=first.item.area_id,
            values={first.key: "0,004", second.key: "19,996"},
        )
    messages = {p.where: p.message for p in refused.value.problems}
    assert messages[f"item:{first.key}"] == "Tối đa hai chữ số thập phân, ví dụ 6,67."
    assert not evaluation.scores.filter(max_points__isnull=False).exists()
    services.maxima_set(
        enrollment=enrollment,
        user=people["secretary_a1"],
        area_id=first.item.area_id,
        values={first.key: "13,33", second.key: "6,670"},
    )
    assert [r.maximum for r in services.rows_of(evaluation)[:2]] == [D("13.33"), D("6.67")]


def test_a_refused_score_still_reports_its_explanation(enrollment):
    evaluation = services.evaluation_of(enrollment)
    entries = _entries(evaluation)
    key = next(iter(entries))
    entries[key] = SelfEntry("abc", "...")
    with pytest.raises(DomainError) as refused:
        services.self_save(
            enrollment=enrollment, user=enrollment.member.user, entries=entries, submit=True
        )
    messages = [p.message for p in refused.value.problems if p.where == f"item:{key}"]
    assert len(messages) == 2
    assert "Hãy nhập một số" in messages[0] and "Hãy giải trình cụ thể" in messages[1]


def test_the_secretary_hears_of_recognized_and_reopened_results(org, program, enrollment, people):
    """Issue 10, item 4: returned (already), recognized and reopened results reach the
    branch committee."""
    from renluyen.notifications.models import Notification

    _recognized(org, program, enrollment, people)
    secretary = people["secretary_a1"]
    recognized = Notification.objects.get(user=secretary, verb="evaluation.branch_recognized")
    assert recognized.message == (
        f"Đoàn cơ sở đã công nhận kết quả đánh giá rèn luyện năm học {program.school_year} "
        "của chi đoàn."
    )
    assert recognized.url == services.branch_url(org["branch_a1"], program)
    services.branch_reopen(
        program=program, branch=org["branch_a1"], user=people["standing"], reason="Chấm nhầm 2.1"
    )
    reopened = Notification.objects.get(user=secretary, verb="evaluation.reopened")
    assert reopened.message.endswith("của chi đoàn: Chấm nhầm 2.1")
    assert not reopened.digest  # at once: the branch must act
