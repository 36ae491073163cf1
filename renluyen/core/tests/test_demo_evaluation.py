"""The demo school (`make run`): a newcomer can try the evaluation on the day it is loaded."""

from collections import Counter
from datetime import date

from django.test import TestCase, override_settings
from django.utils import timezone

from renluyen.audit.models import Event
from renluyen.core import demo
from renluyen.evaluations import flags, services
from renluyen.evaluations.models import (
    BranchEvaluation,
    BranchState,
    Evaluation,
    GroupComment,
    Score,
    SelfState,
)
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.registrations.models import Registration, State


def test_it_counts_school_years_from_august():
    assert demo.previous_school_year(date(2026, 7, 31)) == "2024-2025"
    assert demo.previous_school_year(date(2026, 8, 1)) == "2025-2026"
    assert demo.previous_school_year(date(2027, 1, 15)) == "2025-2026"


def test_it_keeps_the_open_window_dates_in_order():
    dates = demo.evaluation_open_dates(date(2026, 12, 20))
    order = [
        "registration_deadline",
        "self_review_start",
        "self_review_end",
        "evaluation_start",
        "evaluation_deadline",
        "report_deadline",
    ]
    assert [dates[f] for f in order] == sorted(dates[f] for f in order)
    assert dates["evaluation_start"] == date(2026, 12, 13)
    assert dates["evaluation_deadline"] == date(2027, 1, 10)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoEvaluationTests(TestCase):
    """One load of the whole demo (a few seconds), shared by the tests of this class."""

    @classmethod
    def setUpTestData(cls):
        demo.load_demo()
        cls.program = Program.objects.get(
            unit__code="DHKT", school_year=demo.previous_school_year()
        )

    def enrollments(self, code):
        return Enrollment.objects.filter(program=self.program, branch__code=code)

    def state(self, code):
        return BranchEvaluation.objects.get(program=self.program, branch__code=code).state

    def test_it_opens_the_previous_years_evaluation_today(self):
        today = timezone.localdate()
        program = self.program
        assert program.status == ProgramStatus.OPEN
        assert program.registration_deadline < program.evaluation_start
        assert program.evaluation_start <= today < program.evaluation_deadline
        assert program.report_deadline >= program.evaluation_deadline
        assert program.copied_from.school_year == "2020-2021"

    def test_it_enrolls_every_member_in_their_branch(self):
        current = Program.objects.get(unit__code="DHKT", school_year=demo.current_school_year())
        assert Enrollment.objects.filter(program=self.program).count() == 300
        assert set(
            Enrollment.objects.filter(program=self.program).values_list("member_id", "branch_id")
        ) == set(Enrollment.objects.filter(program=current).values_list("member_id", "branch_id"))

    def test_it_leaves_doanvien_to_self_evaluate(self):
        enrollment = Enrollment.objects.get(program=self.program, member__user__username="doanvien")
        assert enrollment.registration.state == State.CONFIRMED
        evaluation = Evaluation.objects.filter(enrollment=enrollment).first()
        assert evaluation is None or evaluation.self_state == SelfState.DRAFT
        assert not Score.objects.filter(
            evaluation__enrollment=enrollment, self_score__isnull=False
        ).exists()
        assert services.self_evaluation_problem(enrollment) is None

    def test_it_leaves_doanvien_unregistered_this_year(self):
        assert not Registration.objects.filter(
            enrollment__member__user__username="doanvien",
            enrollment__program__school_year=demo.current_school_year(),
        ).exists()

    def test_it_has_cd1_half_way_through(self):
        enrollments = self.enrollments("CD-1")
        registrations = Counter(
            Registration.objects.filter(enrollment__in=enrollments).values_list("state", flat=True)
        )
        assert registrations == {State.CONFIRMED: enrollments.count() - 2}
        states = Counter(
            Evaluation.objects.filter(enrollment__in=enrollments).values_list(
                "self_state", flat=True
            )
        )
        registered = enrollments.count() - 2
        assert registered * 0.55 <= states[SelfState.SUBMITTED] <= registered * 0.75
        # A few self-scored the maximum everywhere, so the warnings have something to show.
        warnings = flags.for_branch(self.program, enrollments.first().branch).members
        assert 2 <= len(warnings) <= 5
        # The secretary has evaluated some (accepted as they stand, or lowered with a
        # reason); the others wait.
        evaluated = Evaluation.objects.filter(enrollment__in=enrollments, reviewed_at__isnull=False)
        assert evaluated.filter(accepted=True).exists()
        assert evaluated.exclude(change_reason="").exists()
        assert Evaluation.objects.filter(
            enrollment__in=enrollments, self_state=SelfState.SUBMITTED, reviewed_at__isnull=True
        ).exists()
        assert not BranchEvaluation.objects.filter(
            program=self.program, branch__code="CD-1", meeting_date__isnull=False
        ).exists()
        evaluation = BranchEvaluation.objects.filter(program=self.program, branch__code="CD-1")
        assert not evaluation.exclude(state=BranchState.OPEN).exists()

    def test_it_lets_cd1_finalize_once_the_meeting_is_recorded(self):
        branch = self.enrollments("CD-1").first().branch
        todo = services.unfinished(self.program, branch)
        assert todo.no_group_comment == []
        assert todo.not_evaluated  # doanvien and the others not scored yet

    def test_it_lets_a_newcomer_walk_the_readme(self):
        from django.contrib.auth import get_user_model

        from renluyen.factories import self_scores

        users = get_user_model().objects.in_bulk(
            ["bithu", "lienchi", "thuongvu"], field_name="username"
        )
        mine = Enrollment.objects.get(program=self.program, member__user__username="doanvien")
        self_scores(mine)  # the maximum everywhere
        services.member_accept(enrollment=mine, user=users["bithu"])
        branch, today = mine.branch, timezone.localdate()
        present = list(self.enrollments("CD-1").values_list("pk", flat=True))
        steps = {"program": self.program, "branch": branch}
        services.meeting_save(
            **steps, user=users["bithu"], meeting_date=today, attendee_ids=present, minutes="Họp."
        )
        services.branch_finalize(**steps, user=users["bithu"], accept_unevaluated=True)
        services.branch_forward(**steps, user=users["lienchi"])
        services.branch_recognize(**steps, user=users["thuongvu"])
        assert Evaluation.objects.get(enrollment=mine).level == "excellent"

    def test_it_writes_no_two_explanations_alike(self):
        texts = Score.objects.filter(
            evaluation__enrollment__program=self.program, item__confirmed_at__isnull=False
        ).exclude(explanation="")
        assert texts.count() == texts.values("explanation").distinct().count()

    def test_it_shows_every_state_of_the_results_way_up(self):
        assert self.state("CD-2") == BranchState.FINALIZED  # the federation's turn (lienchi)
        assert services.federation_of(self.enrollments("CD-2").first().branch).code == ("LCD-KTCT")
        assert self.state("CD-4") == BranchState.FORWARDED  # the base Union's turn
        assert self.state("CD-7") == BranchState.RECOGNIZED
        for code in ("CD-2", "CD-4", "CD-7"):
            be = BranchEvaluation.objects.get(program=self.program, branch__code=code)
            assert be.meeting_date is not None and be.attendees.exists() and be.minutes
            assert services.unfinished(self.program, be.branch).not_evaluated == []
            levels = set(
                Evaluation.objects.filter(enrollment__in=self.enrollments(code)).values_list(
                    "level", flat=True
                )
            )
            assert {"excellent", "good", "not_completed"} <= levels

    def test_it_gives_lienchi_and_thuongvu_their_turn(self):
        from django.contrib.auth import get_user_model

        from renluyen.evaluations.transitions import Step

        users = get_user_model().objects.in_bulk(["lienchi", "thuongvu"], field_name="username")
        cd2 = BranchEvaluation.objects.get(program=self.program, branch__code="CD-2")
        cd4 = BranchEvaluation.objects.get(program=self.program, branch__code="CD-4")
        assert services.may_act(users["lienchi"], cd2, Step.FORWARD)
        assert services.may_act(users["thuongvu"], cd4, Step.RECOGNIZE)

    def test_it_changes_nothing_when_loaded_again(self):
        models = [Program, Enrollment, Registration, Evaluation, Score, GroupComment]
        models += [BranchEvaluation, Event]
        before = {m: m.objects.count() for m in models}
        assert demo.demo_exists()
        demo.load_demo()
        assert {m: m.objects.count() for m in models} == before

    def test_commendation_proposals_went_up_with_the_results(self):
        from renluyen.support.models import CommendationProposal

        proposed = set(
            CommendationProposal.objects.filter(enrollment__program=self.program).values_list(
                "enrollment__branch__code", flat=True
            )
        )
        assert proposed == {"CD-2", "CD-4", "CD-7"}
