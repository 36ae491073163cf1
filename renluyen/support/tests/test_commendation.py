"""Commendation (seed IV.1 Step 2): the base Union sets the year's titles and criteria; the
branch proposes members for them at evaluation time; the proposals go up with the
results, for the federation and the base Union to read."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.activities import attendance
from renluyen.activities.models import Activity
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import count_queries, text
from renluyen.evaluations.models import Evaluation, Level
from renluyen.support import commendation
from renluyen.support.models import CommendationProposal, CommendationTitle
from renluyen.support.tests.conftest import confirmed_member


def titles_url(program):
    return reverse("support:titles", args=[program.pk])


def branch_url(unit, program):
    return f"{reverse('support:commendation_branch', args=[unit.pk])}?program={program.pk}"


def unit_url(unit, program):
    return f"{reverse('support:commendation_unit', args=[unit.pk])}?program={program.pk}"


def stored(enrollment, level):
    Evaluation.objects.update_or_create(enrollment=enrollment, defaults={"level": level})


@pytest.fixture
def run(org, program, people):
    return Activity.objects.create(
        program=program,
        unit=org["base"],
        area=program.areas.get(number=4),
        title="Ngày chạy Olympic",
        starts_on=timezone.localdate(),
        created_by=people["standing"],
    )


def a_title(program, people, name="T", *, level="", activities=()):
    return commendation.title_save(
        program=program,
        user=people["standing"],
        name=name,
        criteria="",
        min_level=level,
        activity_ids=[a.pk for a in activities],
    )


def with_activity(program, branch, secretary, activity):
    """A member with a confirmed form whom the organiser ticked present at `activity`."""
    enrollment = confirmed_member(program, branch, secretary)
    attendance.attendance_add(activity=activity, user=secretary, text=enrollment.member.code)
    return enrollment


def test_the_standing_committee_sets_titles_others_read_them(org, people, program, run, client_for):
    client = client_for(people["standing"])
    response = client.post(
        titles_url(program),
        {
            "name": "Đoàn viên tiêu biểu",
            "criteria": "Hoàn thành xuất sắc và tham gia Ngày chạy Olympic.",
            "min_level": Level.EXCELLENT,
            "activities": [run.pk],
        },
    )
    assert response.status_code == 302
    title = CommendationTitle.objects.get()
    assert (title.min_level, list(title.activities.all())) == (Level.EXCELLENT, [run])
    page = text(client_for(people["secretary_a1"]).get(titles_url(program)))
    assert "Đoàn viên tiêu biểu" in page and "Ngày chạy Olympic" in page
    assert "Thêm danh hiệu" not in page
    assert (
        client_for(people["secretary_a1"]).post(titles_url(program), {"name": "X"}).status_code
        == 403
    )
    edit = reverse("support:title_edit", args=[program.pk, title.pk])
    assert client_for(people["fed_a"]).get(edit).status_code == 403
    client.post(edit, {"name": "Đoàn viên tiêu biểu", "min_level": Level.GOOD})
    title.refresh_from_db()
    assert (title.min_level, title.activities.count()) == (Level.GOOD, 0)
    client.post(titles_url(program), {"name": "Đoàn viên tiêu biểu"})
    assert CommendationTitle.objects.count() == 1  # the same name twice is refused


def test_a_member_is_proposed_only_when_meeting_the_level_and_the_activities(
    org, people, program, run, client_for
):
    secretary = people["secretary_a1"]
    runner = with_activity(program, org["branch_a1"], secretary, run)
    others = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(2)]
    factories.open_evaluation(program)
    title = a_title(program, people, "Đoàn viên tiêu biểu", level=Level.GOOD, activities=[run])
    stored(runner, Level.EXCELLENT)
    stored(others[0], Level.EXCELLENT)  # the level, but not the run
    stored(others[1], Level.COMPLETED)
    client = client_for(secretary)
    page = text(client.get(branch_url(org["branch_a1"], program)))
    options = page.split(f'id="member-{title.pk}"')[1].split("</select>")[0]
    assert runner.member.full_name in options
    assert others[0].member.full_name not in options
    assert others[1].member.full_name not in options
    response = client.post(
        branch_url(org["branch_a1"], program),
        {"title": title.pk, "enrollment": others[0].pk, "reason": "Tích cực"},
    )
    assert "Chưa tham gia: Ngày chạy Olympic." in text(client.get(response["Location"]))
    assert not CommendationProposal.objects.exists()
    client.post(
        branch_url(org["branch_a1"], program),
        {"title": title.pk, "enrollment": runner.pk, "reason": "Gương mẫu"},
    )
    proposal = CommendationProposal.objects.get()
    assert (proposal.enrollment, proposal.reason, proposal.proposed_by) == (
        runner,
        "Gương mẫu",
        secretary,
    )
    # Withdrawn while the branch still evaluates.
    client.post(branch_url(org["branch_a1"], program), {"withdraw": proposal.pk})
    assert not CommendationProposal.objects.exists()


def test_activities_must_have_been_taken_part_in(org, people, program, run):
    secretary = people["secretary_a1"]
    member = confirmed_member(program, org["branch_a1"], secretary)
    factories.open_evaluation(program)
    stored(member, Level.EXCELLENT)
    title = a_title(program, people, "Đoàn viên tiêu biểu", level=Level.EXCELLENT, activities=[run])
    with pytest.raises(DomainError, match="Chưa tham gia: Ngày chạy Olympic."):
        commendation.propose(title=title, enrollment=member, user=secretary, reason="Tốt")


def test_proposals_wait_for_the_evaluation_and_close_when_the_results_go_up(
    org, people, program, client_for
):
    secretary = people["secretary_a1"]
    member = confirmed_member(program, org["branch_a1"], secretary)
    title = a_title(program, people, "Đoàn viên tiến bộ")
    with pytest.raises(DomainError, match="khi đợt đánh giá đã mở"):
        commendation.propose(title=title, enrollment=member, user=secretary, reason="Tiến bộ")
    factories.open_evaluation(program)
    commendation.propose(title=title, enrollment=member, user=secretary, reason="Tiến bộ")
    with pytest.raises(DomainError, match="đã được đề nghị"):
        commendation.propose(title=title, enrollment=member, user=secretary, reason="Lại")
    # Not visible above while the branch is still evaluating.
    federation = client_for(people["fed_a"])
    page = text(federation.get(unit_url(org["fed_a"], program)))
    assert "1 chi đoàn còn đang đánh giá có đề nghị đang chuẩn bị." in page
    assert member.member.full_name not in page
    factories.finalize(program, org["branch_a1"], secretary)
    page = text(federation.get(unit_url(org["fed_a"], program)))
    assert member.member.full_name in page and "Đoàn viên tiến bộ" in page
    assert "1 đề nghị đã chuyển lên cùng kết quả của các chi đoàn." in page
    base = text(client_for(people["standing"]).get(unit_url(org["base"], program)))
    assert member.member.full_name in base
    proposal = CommendationProposal.objects.get()
    with pytest.raises(DomainError, match="đã chuyển kết quả lên"):
        commendation.withdraw(proposal=proposal, user=secretary)
    # The results page links the list.
    results = reverse("evaluations:results", args=[org["fed_a"].pk])
    assert unit_url(org["fed_a"], program) in federation.get(
        f"{results}?program={program.pk}"
    ).content.decode().replace("&amp;", "&")


def test_nobody_proposes_themselves(org, people, program):
    secretary = people["secretary_a1"]
    own = confirmed_member(program, org["branch_a1"], secretary, account=secretary)
    factories.open_evaluation(program)
    title = a_title(program, people, "T")
    client = Client()
    client.force_login(secretary)
    response = client.post(
        branch_url(org["branch_a1"], program),
        {"title": title.pk, "enrollment": own.pk, "reason": "Tự thấy tốt"},
    )
    assert "Không ai tự đề nghị chính mình" in text(client.get(response["Location"]))
    assert not CommendationProposal.objects.exists()


def test_the_list_above_reads_in_a_fixed_number_of_queries(org, people, program, client_for):
    secretary, b1_secretary = people["secretary_a1"], people["secretary_b1"]
    title = a_title(program, people, "T")
    a1 = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(2)]
    b1 = [confirmed_member(program, org["branch_b1"], b1_secretary) for _ in range(4)]
    factories.open_evaluation(program)

    def send_up(enrollments, branch, user):
        for enrollment in enrollments:
            commendation.propose(title=title, enrollment=enrollment, user=user, reason="Tốt")
        factories.finalize(program, branch, user)

    client = client_for(people["standing"])
    send_up(a1, org["branch_a1"], secretary)
    small = count_queries(lambda: client.get(unit_url(org["base"], program)))
    send_up(b1, org["branch_b1"], b1_secretary)
    page = text(client.get(unit_url(org["base"], program)))
    assert "6 đề nghị đã chuyển lên" in page
    assert count_queries(lambda: client.get(unit_url(org["base"], program))) == small
