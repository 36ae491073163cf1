"""The demo's year in its middle (`make run`, renluyen.core.demo): registration closed
seven weeks ago, the six-monthly self-review window open, the evaluation months away.

Made by the real services, once, after the current year's forms (core.demo): most of
CD-1 and a few members of CD-2 and CD-4 confirmed; the registration meetings recorded;
CD-1 checking in monthly (round 1 done but for two members, so it is overdue; round 2
under way and due in about ten days), CD-2 and CD-4 monthly and behind; `uyvien`
following four members of CD-1 and `doanvien` paired with one; `doanvien` given an
extension (they have not registered yet) and asking the committee for help; the
supervising committee member `giamsat` also in charge of the Liên chi đoàn of CD-1,
with guidance to CD-1 not yet acknowledged; the standing committee's commendation
titles. For the year under evaluation: titles, and proposals that went up with the
results of CD-2, CD-4 and CD-7.
"""

import random
from datetime import date, timedelta

from renluyen.activities.models import Activity
from renluyen.evaluations.models import Level
from renluyen.organizations.models import Role, RoleAssignment, Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations import services as forms
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support import commendation, rounds, services
from renluyen.support.models import Frequency

CHECKIN_TEXTS = [
    (
        "Đã hoàn thành bài thu hoạch nghị quyết; đang chạy bộ đều ba buổi mỗi tuần.",
        "",
        "",
    ),
    (
        "Đi học đầy đủ, điểm giữa kỳ khá; đã tham gia Chủ nhật xanh.",
        "Chưa sắp xếp được thời gian học tiếng Anh.",
        "Bạn Uyên gửi lịch học nhóm tiếng Anh tối thứ Tư.",
    ),
    (
        "Tham gia đủ sinh hoạt chi đoàn; đang chuẩn bị cho hội thi của Khoa.",
        "",
        "",
    ),
    (
        "Mới làm được hai tiêu chí ở nội dung 1 và 5.",
        "Đi làm thêm buổi tối nên khó tham gia hoạt động cuối tuần.",
        "Chi đoàn giới thiệu hoạt động tình nguyện vào sáng Chủ nhật.",
    ),
    (
        "Đã đăng ký khóa tin học văn phòng, học được một nửa.",
        "Ốm hai tuần đầu tháng, nghỉ tập thể dục.",
        "Nhắc lại mục tiêu sức khỏe vào tháng sau.",
    ),
]


def mid_year_dates(today: date) -> dict:
    """Registration closed seven weeks ago, the six-monthly self-review open (closing in
    ten days), the evaluation in about five months: every step in order."""
    return {
        "registration_deadline": today - timedelta(days=50),
        "self_review_start": today - timedelta(days=7),
        "self_review_end": today + timedelta(days=10),
        "evaluation_start": today + timedelta(days=140),
        "evaluation_deadline": today + timedelta(days=170),
        "report_deadline": today + timedelta(days=180),
    }


def _enrollments(program: Program, code: str) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(program=program, branch__code=code)
        .select_related("member__user", "branch", "program", "registration")
        .order_by("member__code")
    )


def confirm_more(program: Program, users: dict, drafts) -> None:
    """While registration is still open: the rest of CD-1 (not `doanvien`) and a few
    members of CD-2 and CD-4 register, typed in from paper and confirmed."""
    clerk, secretary, admin = users["uyvien"], users["bithu"], users["admin"]
    rng = random.Random(2027)
    plan = [("CD-1", None, clerk, secretary), ("CD-2", 6, admin, admin), ("CD-4", 8, admin, admin)]
    for code, how_many, typist, reviewer in plan:
        blank = [
            e
            for e in _enrollments(program, code)
            if getattr(e, "registration", None) is None and e.member.user_id is None
        ]
        for enrollment in blank[:how_many]:
            form = forms.registration_save(
                enrollment=enrollment,
                user=typist,
                drafts=drafts(enrollment, rng, 2),
                screen="paper",
                on_paper=True,
            )
            form = forms.registration_submit(registration=form, user=typist, screen="paper")
            forms.registration_confirm(registration=form, user=reviewer)


def load(program: Program, users: dict, today: date, *, drafts) -> None:
    """The current year in its middle (see the module's docstring); `drafts(enrollment,
    rng, per_area)` writes a form's criteria (core.demo's)."""
    confirm_more(program, users, drafts)
    # Forms are sent only while registration is open, so the dates move afterwards, by a
    # plain UPDATE: in a demo the years are only labels (as core.demo's evaluation year).
    Program.objects.filter(pk=program.pk).update(**mid_year_dates(today))
    program.refresh_from_db()
    _load_mid_year(program, users, today)


def _load_mid_year(program: Program, users: dict, today: date) -> None:
    cd1, cd2, cd4 = (_enrollments(program, code) for code in ("CD-1", "CD-2", "CD-4"))
    units = {u.code: u for u in Unit.objects.filter(code__in=["CD-1", "CD-2", "CD-4", "LCD-KTCT"])}
    secretary, deputy, clerk = users["bithu"], users["phobithu"], users["uyvien"]
    admin, standing, supervisor = users["admin"], users["thuongvu"], users["giamsat"]
    doanvien = next(e for e in cd1 if e.member.user_id == users["doanvien"].pk)
    _meetings(program, units, cd1, cd2, secretary, admin)
    forms.extension_grant(
        enrollment=doanvien,
        user=secretary,
        until=today + timedelta(days=12),
        reason="Đoàn viên nằm viện đến giữa tháng 11, chi đoàn cho đăng ký muộn hai tuần.",
    )
    confirmed = [e for e in cd1 if _confirmed(e)]
    for code, frequency in (("CD-1", Frequency.MONTHLY), ("CD-2", Frequency.MONTHLY)):
        services.checkin_plan_set(
            program=program, branch=units[code], user=admin, frequency=frequency
        )
    services.checkin_plan_set(
        program=program, branch=units["CD-4"], user=admin, frequency=Frequency.MONTHLY
    )
    # Mentors: uyvien follows four members of CD-1; doanvien is paired with one.
    mentees = confirmed[2:6]
    for enrollment in mentees:
        services.mentorship_assign(enrollment=enrollment, mentor=clerk, user=secretary)
    services.mentorship_assign(enrollment=confirmed[6], mentor=users["doanvien"], user=secretary)
    schedule = rounds.schedule(program, Frequency.MONTHLY)
    first, second = schedule[0], schedule[1]
    # Round 1: everyone but the last two; round 2: the mentees by their mentor, and a
    # third of the others by the secretary.
    _checkins(
        program, units["CD-1"], secretary, 1, first.ends_on - timedelta(days=4), confirmed[:-2]
    )
    _checkins(program, units["CD-1"], clerk, 2, today - timedelta(days=3), mentees)
    _checkins(program, units["CD-1"], deputy, 2, today - timedelta(days=2), confirmed[7:14])
    assert second.starts_on <= today <= second.ends_on
    _checkins(
        program,
        units["CD-4"],
        admin,
        1,
        first.ends_on - timedelta(days=2),
        [e for e in cd4 if _confirmed(e)][:3],
    )
    _help(doanvien, users)
    _guidance(program, units, supervisor, admin)
    _titles(program, standing)


def _confirmed(enrollment) -> bool:
    registration = getattr(enrollment, "registration", None)
    return registration is not None and registration.state in CONFIRMED_STATES


def _meetings(program, units, cd1, cd2, secretary, admin) -> None:
    held = program.registration_deadline - timedelta(days=24)
    for unit, enrollments, user in ((units["CD-1"], cd1, secretary), (units["CD-2"], cd2, admin)):
        present = [e.pk for i, e in enumerate(enrollments) if i % 7 != 3]
        services.registration_meeting_save(
            program=program,
            branch=unit,
            user=user,
            meeting_date=held,
            attendee_ids=present,
            minutes=(
                f"Sinh hoạt chi đoàn đầu năm học {program.school_year}: "
                f"{len(present)}/{len(enrollments)} đoàn viên có mặt. Bí thư phổ biến "
                "Chương trình rèn luyện đoàn viên, năm nội dung và cách đăng ký trên hệ "
                "thống; hạn đăng ký trước ngày "
                f"{program.registration_deadline:%d/%m/%Y}."
            ),
            suggestions=(
                "Nội dung 3: học tiếng Anh theo nhóm của chi đoàn. Nội dung 4: Ngày chạy "
                "Olympic vì sức khỏe toàn dân. Nội dung 2: Chủ nhật xanh ở ký túc xá."
            ),
            version=0,
        )


def _checkins(program, branch, user, number, held_on, enrollments) -> None:
    entries = {}
    for i, enrollment in enumerate(enrollments):
        progress, difficulty, support = CHECKIN_TEXTS[(i + number) % len(CHECKIN_TEXTS)]
        entries[enrollment.pk] = services.CheckinEntry(progress, difficulty, support)
    outcome = services.checkins_record(
        program=program,
        branch=branch,
        user=user,
        round_number=number,
        held_on=held_on,
        entries=entries,
    )
    assert not outcome.refused, outcome.refused


def _help(doanvien, users) -> None:
    """doanvien asked twice: once answered by the secretary, once still waiting."""
    member_user = users["doanvien"]
    answered = services.help_ask(
        enrollment=doanvien,
        user=member_user,
        text="Em đăng ký muộn, anh chị cho em hỏi nội dung 3 nên chọn tiêu chí nào ạ?",
    )
    services.help_reply(
        request=answered,
        user=users["bithu"],
        text="Em xem tiêu chí 3.SV và 3.5; chi đoàn có nhóm học tiếng Anh tối thứ Tư.",
        version=answered.version,
    )
    services.help_ask(
        enrollment=doanvien,
        user=member_user,
        text=(
            "Em muốn tham gia Tiếp sức mùa thi nhưng trùng lịch thi, có thể đổi hoạt động "
            "khác không ạ?"
        ),
    )


def _guidance(program, units, supervisor, admin) -> None:
    """giamsat supervises the Liên chi đoàn of CD-1 as well, and guided CD-1."""
    RoleAssignment.objects.get_or_create(
        user=supervisor, unit=units["LCD-KTCT"], role=Role.SUPERVISOR
    )
    services.guidance_add(
        program=program,
        unit=units["CD-1"],
        user=supervisor,
        text=(
            "Chi đoàn hoàn thành trao đổi tháng 11 với hai đoàn viên còn lại trước khi "
            "bắt đầu đợt tự đánh giá sáu tháng."
        ),
    )
    acknowledged = services.guidance_add(
        program=program,
        unit=units["CD-2"],
        user=supervisor,
        text="Chi đoàn chọn lịch trao đổi hàng tháng và phân công ủy viên theo dõi đoàn viên.",
    )
    services.guidance_acknowledge(
        guidance=acknowledged, user=admin, response="Chi đoàn đã chọn lịch hàng tháng."
    )


def _titles(program, standing) -> None:
    activities = {a.title: a for a in Activity.objects.filter(program=program)}
    run = next((a for t, a in activities.items() if t.startswith("Ngày chạy")), None)
    green = next((a for t, a in activities.items() if t.startswith("Chủ nhật xanh")), None)
    commendation.title_save(
        program=program,
        user=standing,
        name="Đoàn viên tiêu biểu",
        criteria="Hoàn thành xuất sắc Chương trình rèn luyện và tham gia Ngày chạy Olympic.",
        min_level=Level.EXCELLENT,
        activity_ids=[run.pk] if run else [],
    )
    commendation.title_save(
        program=program,
        user=standing,
        name="Đoàn viên tích cực hoạt động tình nguyện",
        criteria="Hoàn thành tốt trở lên và tham gia Chủ nhật xanh.",
        min_level=Level.GOOD,
        activity_ids=[green.pk] if green else [],
    )


# ---------------------------------------------------------------- the year under evaluation


def evaluation_titles(program: Program, standing) -> list:
    return [
        commendation.title_save(
            program=program,
            user=standing,
            name=name,
            criteria=criteria,
            min_level=level,
            activity_ids=[],
        )
        for name, criteria, level in (
            (
                "Đoàn viên xuất sắc",
                "Hoàn thành xuất sắc Chương trình rèn luyện đoàn viên.",
                Level.EXCELLENT,
            ),
            (
                "Đoàn viên tiến bộ",
                "Hoàn thành tốt trở lên, tiến bộ rõ so với năm trước.",
                Level.GOOD,
            ),
        )
    ]


def propose_best(program: Program, branch: Unit, user) -> None:
    """The branch proposes its best member(s) for each title they meet, before sending
    its results up."""
    titles = list(program.commendation_titles.all())
    enrollments = list(
        Enrollment.objects.filter(program=program, branch=branch)
        .select_related("program", "branch", "member", "evaluation")
        .order_by("-evaluation__total", "member__code")
    )
    found = commendation.standings(titles, enrollments)
    for title in titles:
        for enrollment in [e for e in enrollments if found[title.pk][e.pk].meets][:2]:
            commendation.propose(
                title=title,
                enrollment=enrollment,
                user=user,
                reason="Gương mẫu trong học tập và phong trào của chi đoàn.",
            )
