from datetime import timedelta

import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from renluyen.activities.models import Activity
from renluyen.core import demo
from renluyen.organizations.models import Level, RoleAssignment, Unit
from renluyen.people.models import Member, MemberType
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.programs.services import check_program, program_settings_problems
from renluyen.registrations import deadlines, services
from renluyen.registrations.models import Registration, State


def test_a_second_run_keeps_all_data(db, capsys):
    call_command("seed_demo")
    member = Member.objects.first()
    member.full_name = "Tên đã sửa"
    member.save()
    forms = Registration.objects.count()
    call_command("seed_demo")
    assert Member.objects.count() == 300
    assert Program.objects.count() == 3
    assert Registration.objects.count() == forms
    member.refresh_from_db()
    assert member.full_name == "Tên đã sửa"
    out = capsys.readouterr().out
    assert "bithu" in out and demo.DEMO_PASSWORD in out


def test_the_dates_stay_in_order_within_the_school_year_all_year_round(db):
    for day in ["2026-08-01", "2026-11-27", "2026-12-25", "2027-03-15", "2027-07-31"]:
        with time_machine.travel(day):
            today = timezone.localdate()
            dates = demo.current_dates(today)
            assert (
                program_settings_problems(school_year=demo.current_school_year(today), values=dates)
                == []
            ), day
            assert dates["registration_deadline"] > today


def test_an_earlier_demo_gets_this_years_program_on_the_next_seed(db, capsys):
    with time_machine.travel("2025-10-01"):
        demo.load_demo(evaluation_year=False)  # its own year is what this test is about
    assert Program.objects.filter(school_year="2025-2026").exists()
    with time_machine.travel("2026-10-01"):
        assert not demo.demo_exists()
        call_command("seed_demo")
        assert demo.demo_exists()
        assert Program.objects.get(school_year="2026-2027").status == ProgramStatus.OPEN
    assert Member.objects.count() == 300


# The demo is loaded once per class, before the per-test fast hasher fixture applies:
# make the accounts with the same hasher the tests log in with.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoSchoolTests(TestCase):
    """One load of the demo (several seconds), shared by the tests that only read it."""

    @classmethod
    def setUpTestData(cls):
        # These tests read the school and the current year; the year under evaluation
        # has its own tests (core/tests/test_demo_evaluation.py).
        demo.load_demo(evaluation_year=False)

    def test_the_demo_school_has_the_issues_shape(self):
        base = Unit.objects.get(level=Level.BASE)
        assert base.name == "Đoàn trường Đại học Kinh tế - ĐHQGHN"
        assert base.parent.name == "Đoàn ĐHQGHN"
        assert Unit.objects.filter(level=Level.FEDERATION).count() == 3
        assert Unit.objects.filter(level=Level.BRANCH).count() == 9
        assert Member.objects.count() == 300
        assert len(set(Member.objects.values_list("member_type", flat=True))) >= 3
        seed = Program.objects.get(school_year="2020-2021")
        assert Enrollment.objects.filter(program=seed).count() == 300
        assert Member.objects.filter(member_type=MemberType.LECTURER).exists()

    def test_every_demo_login_works_and_holds_its_role(self):
        for username, _name, role, unit_code in demo.ACCOUNTS:
            user = authenticate(username=username, password=demo.DEMO_PASSWORD)
            assert user is not None, username
            if role is None:
                assert user.member.branch.code == unit_code
            else:
                assert RoleAssignment.objects.filter(user=user, role=role, unit__code=unit_code)

    def test_the_current_school_year_is_in_its_middle(self):
        today = timezone.localdate()
        program = Program.objects.get(school_year=demo.current_school_year())
        assert program.status == ProgramStatus.OPEN
        # Registration closed weeks ago, the six-monthly self-review is open, the
        # evaluation is months away.
        assert program.registration_deadline < today - timedelta(days=30)
        assert program.self_review_start <= today <= program.self_review_end
        assert program.evaluation_start > today + timedelta(days=90)
        assert check_program(program) == []
        assert Enrollment.objects.filter(program=program).count() == 300
        # The seed's year is over.
        assert Program.objects.get(school_year="2020-2021").status == ProgramStatus.CLOSED

    def test_its_activities_come_from_the_base_a_federation_and_branch_cd1(self):
        program = Program.objects.get(school_year=demo.current_school_year())
        levels = set(Activity.objects.filter(program=program).values_list("unit__level", flat=True))
        assert levels == {Level.BASE, Level.FEDERATION, Level.BRANCH}
        assert Activity.objects.filter(program=program, unit__code="CD-1").exists()

    def test_doanvien_may_still_register_with_an_extension(self):
        enrollment = Enrollment.objects.get(
            program__school_year=demo.current_school_year(), member__user__username="doanvien"
        )
        assert deadlines.submission_problem(enrollment) is None
        assert enrollment.extensions.get().until > timezone.localdate()

    def test_branch_cd1_has_forms_in_every_state_and_doanvien_has_none(self):
        program = Program.objects.get(school_year=demo.current_school_year())
        forms = Registration.objects.filter(enrollment__program=program)
        in_cd1 = set(forms.filter(enrollment__branch__code="CD-1").values_list("state", flat=True))
        assert {State.DRAFT, State.SUBMITTED, State.RETURNED, State.CONFIRMED} <= in_cd1
        assert forms.exclude(enrollment__branch__code="CD-1").exists()
        assert not forms.filter(enrollment__member__user__username="doanvien").exists()
        assert Enrollment.objects.filter(
            program=program, member__user__username="doanvien"
        ).exists()
        # Forms awaiting review pass the rules: the secretary can confirm them all at once.
        for registration in forms.filter(state=State.SUBMITTED):
            assert services.check(registration) == []

    def test_the_middle_of_the_year_has_a_round_due_and_work_for_everyone(self):
        from django.contrib.auth import get_user_model

        from renluyen.core import todo
        from renluyen.support import rounds
        from renluyen.support.models import (
            CommendationTitle,
            Guidance,
            HelpRequest,
            HelpState,
            Mentorship,
            RegistrationMeeting,
        )

        program = Program.objects.get(school_year=demo.current_school_year())
        cd1 = Unit.objects.get(code="CD-1")
        checkins = rounds.for_branches(program, [cd1])[cd1.pk]
        assert checkins.frequency == "monthly"
        assert checkins.current.number == 2 and checkins.due_now > 0
        assert [r.number for r in checkins.overdue] == [1]
        assert RegistrationMeeting.objects.get(program=program, branch=cd1).meeting_date
        users = {u.username: u for u in get_user_model().objects.all()}
        assert Mentorship.objects.active().filter(mentor=users["uyvien"]).count() == 4
        assert Mentorship.objects.active().filter(mentor=users["doanvien"]).count() == 1
        asked = HelpRequest.objects.filter(enrollment__member__user=users["doanvien"])
        assert sorted(asked.values_list("state", flat=True)) == [
            HelpState.ANSWERED,
            HelpState.OPEN,
        ]
        assert Guidance.objects.filter(unit=cd1, acknowledged_at__isnull=True).count() == 1
        assert CommendationTitle.objects.filter(program=program).count() == 2
        # The secretary's to-do list names each kind of work waiting in CD-1.
        lines = " | ".join(line.text for line in todo.gather(users["bithu"]).work)
        for words in ("phiếu chờ xác nhận", "Đợt trao đổi 2", "quá hạn", "giúp đỡ", "hướng dẫn"):
            assert words in lines, (words, lines)
        federation = " | ".join(line.text for line in todo.gather(users["lienchi"]).work)
        assert "2 chi đoàn có đợt trao đổi quá hạn" in federation
