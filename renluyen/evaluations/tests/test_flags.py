"""Warnings against a formal evaluation (seed II.1 "qua loa, đại khái, hình thức")."""

from renluyen import factories
from renluyen.evaluations import flags, services
from renluyen.evaluations.services import SelfEntry


def _member(org, program, people, name):
    member = factories.member(branch=org["branch_a1"], user=factories.user(), name=name)
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=people["secretary_a1"])
    enrollment.refresh_from_db()  # drop the form cached as it was when first saved
    return enrollment


def _distinct_entries(enrollment, score="8"):
    rows = services.rows_of(services.evaluation_of(enrollment))
    return {
        r.key: SelfEntry(score, f"{enrollment.member.full_name} đã làm việc số {i} trong năm học.")
        for i, r in enumerate(rows)
    }


def test_no_flags_for_an_honest_member(org, program, enrollment):
    services.self_save(
        enrollment=enrollment,
        user=enrollment.member.user,
        entries=_distinct_entries(enrollment),
        submit=True,
    )
    assert flags.for_branch(program, org["branch_a1"]).count == 0


def test_maximum_everywhere_and_repeated_explanations_are_flagged(org, program, enrollment):
    factories.self_scores(enrollment)  # every maximum, one explanation for all ten
    found = flags.for_branch(program, org["branch_a1"]).members[enrollment.pk]
    assert "Tự chấm điểm tối đa ở mọi tiêu chí." in found
    assert "Cùng một lời giải trình được dùng lại cho 9 tiêu chí khác." in found


def test_explanations_copied_from_another_member(org, program, enrollment, people):
    other = _member(org, program, people, "Phạm Minh Đức")
    factories.open_evaluation(program)
    entries = _distinct_entries(enrollment)
    copied = dict(zip(_distinct_entries(other), entries.values(), strict=True))
    services.self_save(
        enrollment=enrollment, user=enrollment.member.user, entries=entries, submit=True
    )
    services.self_save(enrollment=other, user=other.member.user, entries=copied, submit=True)
    found = flags.for_branch(program, org["branch_a1"])
    assert "Giải trình trùng với của: Phạm Minh Đức." in found.members[enrollment.pk]
    assert "Giải trình trùng với của: Lê Thị Hoa." in found.members[other.pk]


def test_branch_flags_for_no_comments_and_identical_totals(org, program, enrollment, people):
    others = [_member(org, program, people, n) for n in ("Phạm Minh Đức", "Vũ Thu Trang")]
    factories.open_evaluation(program)
    for e in [enrollment, *others]:
        services.self_save(
            enrollment=e, user=e.member.user, entries=_distinct_entries(e), submit=True
        )
        services.member_accept(enrollment=e, user=people["secretary_a1"])
    found = flags.for_branch(program, org["branch_a1"]).branch
    assert "Đã có điểm tập thể của 3 đoàn viên nhưng không có một nhận xét nào." in found
    assert "Cả 3 đoàn viên đã chấm đều có cùng tổng điểm 80." in found

    services.comment_set(enrollment=enrollment, user=people["secretary_a1"], text="Gương mẫu.")
    row = services.rows_of(services.evaluation_of(others[0]))[0]
    services.collective_set(
        enrollment=others[0], user=people["secretary_a1"], item_id=row.item.pk, value="6"
    )
    assert flags.for_branch(program, org["branch_a1"]).branch == []


def test_flags_take_a_fixed_number_of_queries(
    org, program, enrollment, people, django_assert_max_num_queries
):
    for n in range(4):
        _member(org, program, people, f"Đoàn viên {n}")
    factories.open_evaluation(program)
    with django_assert_max_num_queries(3):
        flags.for_branch(program, org["branch_a1"])


def test_a_copied_explanation_names_five_members_at_most(org, program, enrollment, people):
    others = [_member(org, program, people, f"Đoàn viên {n}") for n in range(7)]
    factories.open_evaluation(program)
    for e in [enrollment, *others]:
        factories.self_scores(e, score=8, explanation="Tham gia đủ các buổi sinh hoạt chi đoàn.")
    found = flags.for_branch(program, org["branch_a1"]).members[enrollment.pk]
    assert "Giải trình trùng với của: Đoàn viên 0, Đoàn viên 1, Đoàn viên 2, Đoàn viên 3, " in (
        " ".join(found)
    )
    assert "Đoàn viên 4 và 2 người khác." in " ".join(found)
