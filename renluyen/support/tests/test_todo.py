"""The to-do list that starts the home page (issue 11.8): what needs each person now, with
counts, on a hand-built branch; a fixed number of queries whatever the size."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.core import todo
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Role
from renluyen.programs.models import Program
from renluyen.registrations import services as forms
from renluyen.support import rounds, services
from renluyen.support.models import Frequency, MentorKind, Mentorship
from renluyen.support.tests.conftest import confirmed_member, mid_year, record_round


def lines(user) -> list[tuple[str, int]]:
    return [(line.text, line.count) for line in todo.gather(user).work]


@pytest.fixture
def branch(org, people, program):
    """Chi đoàn A1 in the middle of the year, built by hand:
    - four members with confirmed forms (the first with an account), one form awaiting
      review, one member with no form but an extension of five days;
    - monthly check-ins: round 1 has two of the four (overdue), round 2 one (three due);
    - a mentor following two members, one already talked with this round;
    - a help request to the committee, one to the mentor, one answered for the member;
    - guidance from the supervisor of Liên chi đoàn A, not yet acknowledged."""
    secretary = people["secretary_a1"]
    a1 = org["branch_a1"]
    confirmed = [confirmed_member(program, a1, secretary) for _ in range(4)]
    waiting = factories.enroll(program, factories.member(branch=a1, user=factories.user()))
    factories.registration(waiting, submit=True)
    late_user = factories.user()
    late = factories.enroll(program, factories.member(branch=a1, user=late_user))
    mid_year(program)
    forms.extension_grant(
        enrollment=late,
        user=secretary,
        until=timezone.localdate() + timedelta(days=4),
        reason="Đi thực tập xa trường.",
    )
    services.checkin_plan_set(program=program, branch=a1, user=secretary, frequency="monthly")
    first = rounds.schedule(program, Frequency.MONTHLY)[0]

    record_round(program, a1, secretary, 1, confirmed[:2], held_on=first.ends_on)
    mentor = factories.user()
    for enrollment in confirmed[2:]:
        Mentorship.objects.create(enrollment=enrollment, mentor=mentor, kind=MentorKind.PEER)
    record_round(program, a1, mentor, 2, confirmed[2:3])
    member = confirmed[0].member.user
    services.help_ask(enrollment=confirmed[0], user=member, text="Em cần gợi ý nội dung 3.")
    answered = services.help_ask(enrollment=confirmed[0], user=member, text="Lịch học nhóm?")
    services.help_reply(request=answered, user=secretary, text="Tối thứ Tư.", version=0)
    mentee = confirmed[2]
    services.help_ask(
        enrollment=mentee, user=mentee.member.user, text="Anh giúp em.", mentor=mentor
    )
    supervisor = factories.user()
    factories.role(supervisor, org["fed_a"], Role.SUPERVISOR)
    services.guidance_add(program=program, unit=a1, user=supervisor, text="Hoàn thành đợt 1.")
    return {
        "mentor": mentor,
        "member": member,
        "late": late_user,
        "supervisor": supervisor,
        "round": rounds.schedule(program, Frequency.MONTHLY)[1],
    }


def test_the_committee_sees_each_kind_of_work_with_its_count(people, program, branch):
    year, day = program.school_year, branch["round"].due.strftime("%d/%m/%Y")
    assert lines(people["secretary_a1"]) == [
        (f"1 phiếu chờ xác nhận — Chi đoàn A1 ({year})", 1),
        (
            f"Đợt trao đổi 2 (hạn trước ngày {day}): còn 3 đoàn viên cần trao đổi "
            f"— Chi đoàn A1 ({year})",
            3,
        ),
        (f"1 đợt trao đổi quá hạn — Chi đoàn A1 ({year})", 1),
        ("1 đề nghị giúp đỡ chờ trả lời — Chi đoàn A1", 1),
        ("1 hướng dẫn cần tiếp nhận — Chi đoàn A1", 1),
    ]


def test_the_mentor_and_the_members_see_theirs(program, branch):
    assert lines(branch["mentor"]) == [
        ("1 đoàn viên bạn theo dõi cần trao đổi trong đợt này", 1),
        ("1 đề nghị giúp đỡ gửi bạn đang chờ trả lời", 1),
    ]
    assert lines(branch["member"]) == [
        ("1 đề nghị giúp đỡ của bạn đã được trả lời", 1),
        ("10 tiêu chí của bạn chưa có ghi chép tiến độ", 10),
    ]
    # The six-monthly self-review window closes in ten days (progress).
    due = (program.self_review_end + timedelta(days=1)).strftime("%d/%m/%Y")
    assert [(d.text, d.days) for d in todo.gather(branch["member"]).deadlines] == [
        (f"Gửi bản tự đánh giá 6 tháng năm học {program.school_year} trước ngày {due}", 11)
    ]
    found = todo.gather(branch["late"])
    assert found.work == []
    due = (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y")
    assert [(d.text, d.days) for d in found.deadlines] == [
        (f"Nộp phiếu rèn luyện năm học {program.school_year} trước ngày {due}", 5)
    ]


def test_units_above_count_the_branches_behind(people, program, branch):
    year = program.school_year
    assert lines(people["fed_a"]) == [
        (f"1 chi đoàn có đợt trao đổi quá hạn — Liên chi đoàn A ({year})", 1)
    ]
    assert lines(branch["supervisor"]) == lines(people["fed_a"])
    assert lines(people["standing"]) == [
        (f"1 chi đoàn có đợt trao đổi quá hạn — Đoàn trường ĐH Kinh tế ({year})", 1)
    ]
    assert lines(people["secretary_b1"]) == []


def test_the_home_page_starts_with_the_list_and_links_each_line(people, program, branch, client):
    client.force_login(people["secretary_a1"])
    page = text(client.get("/"))
    assert page.index("Việc cần làm ngay") < page.index("Bí thư chi đoàn — Chi đoàn A1")
    html = client.get("/").content.decode()
    todo_html = html.split('id="todo"')[1].split("</section>")[0]
    assert todo_html.count("<li") == 5
    assert "/support/branches/" in todo_html and "/checkins/2/" in todo_html
    assert "/registrations/" in todo_html and "#help-requests" in todo_html


def test_deadlines_within_fourteen_days_are_listed_soonest_first(org, people, program):
    secretary = people["secretary_a1"]
    confirmed_member(program, org["branch_a1"], secretary)
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    today = timezone.localdate()
    # Registration due in 10 days; the evaluation opens in 12: titles not set yet.
    Program.objects.filter(pk=program.pk).update(
        registration_deadline=today + timedelta(days=10),
        self_review_start=today + timedelta(days=11),
        self_review_end=today + timedelta(days=11),
        evaluation_start=today + timedelta(days=12),
    )
    found = todo.gather(secretary).deadlines
    assert [(line.days, line.count) for line in found] == [(10, 1)]
    assert "1 đoàn viên chưa nộp phiếu" in found[0].text
    standing = todo.gather(people["standing"]).deadlines
    assert [line.text for line in standing] == [
        f"Đặt danh hiệu khen thưởng năm học {program.school_year} trước khi mở đánh giá ngày "
        f"{(today + timedelta(days=12)).strftime('%d/%m/%Y')}"
    ]


@pytest.mark.parametrize("who", ["secretary_a1", "fed_a", "standing", "mentor", "member"])
def test_the_home_page_takes_the_same_number_of_queries_at_two_sizes(
    org, people, program, branch, client, who
):
    user = branch.get(who) or people[who]
    client.force_login(user)
    small = count_queries(lambda: client.get("/"))
    # More of everything: members, branches, check-ins, help requests, mentees.
    Program.objects.filter(pk=program.pk).update(
        registration_deadline=timezone.localdate() + timedelta(days=30)
    )
    secretary = people["secretary_a1"]
    more = [confirmed_member(program, org["branch_a1"], secretary) for _ in range(5)]
    for _ in range(3):
        extra = factories.unit(parent=org["fed_a"])
        confirmed_member(program, extra, factories.user(is_superuser=True))
    mid_year(program)
    for enrollment in more[:3]:
        Mentorship.objects.create(enrollment=enrollment, mentor=branch["mentor"], kind="peer")
        services.help_ask(enrollment=enrollment, user=enrollment.member.user, text="Giúp em.")
    record_round(program, org["branch_a1"], secretary, 2, more)
    user.refresh_from_db()
    assert count_queries(lambda: client.get("/")) == small
