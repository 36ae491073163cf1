from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from renluyen.core import todo
from renluyen.core.policy import ROLE_ACTIONS, Action, assignments, own_member
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, Score
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.registrations.models import NOT_REGISTERED, Registration
from renluyen.registrations.transitions import AWAITING_REVIEW, CONFIRMED_STATES

BRANCH_LEVELS = {Level.BRANCH, Level.SUBBRANCH}


@login_required
def home(request):
    """Each role sees its units with their counts and what waits for it; a member sees
    their own record and their training form in each open program."""
    cards = [_role_card(assignment) for assignment in assignments(request.user)]
    member = own_member(request.user)
    forms = _member_forms(member) if member is not None else []
    return render(
        request,
        "core/home.html",
        {
            "todo": todo.gather(request.user, member_forms=forms if member is not None else None),
            "cards": cards,
            "member": member,
            "member_forms": forms,
            "self_evaluations": _self_evaluations(forms),
        },
    )


def _role_card(assignment) -> dict:
    unit = assignment.unit
    actions = ROLE_ACTIONS[assignment.role]
    below = Unit.objects.subtree(unit)
    card = {
        "assignment": assignment,
        "unit": unit,
        "branch_count": below.filter(level=Level.BRANCH).count(),
        "member_count": Member.objects.filter(branch__path__startswith=unit.path).count(),
        "children": list(unit.children.all()[:12]),
        "may_import": Action.IMPORT_MEMBERS in actions,
        "may_edit_programs": Action.EDIT_PROGRAM in actions,
        "reviews": [],
        "overview": False,
    }
    if unit.level in BRANCH_LEVELS and Action.REVIEW_REGISTRATION in actions:
        # A year whose registration closed is offered only while forms still wait.
        today = timezone.localdate()
        card["reviews"] = [
            p for p in _awaiting_review(unit) if p.awaiting or today < p.registration_deadline
        ]
    elif Action.VIEW_REGISTRATION in actions:
        # Federations and the base Union follow their branches' figures (read-only).
        card["overview"] = True
    # What waits for this role in the evaluation (IV.1 Step 3): one query at most.
    card["evaluations"] = _evaluation_work(unit, actions)
    return card


def _awaiting_review(unit: Unit) -> list[Program]:
    """The open programs with members in `unit`, each with `.awaiting`: how many forms
    wait for the committee (submissions and additions). One query."""
    return list(
        Program.objects.filter(
            status=ProgramStatus.OPEN, enrollments__branch__path__startswith=unit.path
        )
        .annotate(
            awaiting=Count(
                "enrollments__registration",
                filter=Q(enrollments__registration__state__in=AWAITING_REVIEW),
            )
        )
        .order_by("-school_year", "name")
    )


def _member_forms(member: Member) -> list[Enrollment]:
    """The member's enrollments in open programs with their form's state and size."""
    enrollments = list(
        Enrollment.objects.filter(member=member, program__status=ProgramStatus.OPEN)
        # With the evaluation (one to one): the self-evaluation card needs no query.
        .select_related("program", "branch", "registration", "evaluation")
        .annotate(criteria=Count("registration__items"))
        .order_by("-program__school_year", "program__name")
    )
    for enrollment in enrollments:
        try:
            enrollment.form = enrollment.registration
        except Registration.DoesNotExist:
            enrollment.form = None
        enrollment.state = enrollment.form.state if enrollment.form else NOT_REGISTERED
    return enrollments


# ---------------------------------------------------------------- evaluation (IV.1 Step 3)


def _evaluation_work(unit: Unit, actions: set) -> list[Program]:
    """The open programs whose evaluation has begun, each with `.waiting`: members the
    branch has not evaluated yet (not acted on, or not fully scored), branches awaiting
    the federation's forwarding, or branches awaiting the base Union's recognition, by
    the role. One query."""
    if unit.level == Level.BRANCH and Action.EVALUATE in actions:
        kind = "branch"
        unscored = Score.objects.filter(
            evaluation__enrollment=OuterRef("pk"),
            item__confirmed_at__isnull=False,
            collective_score__isnull=True,
        )
        waiting = Enrollment.objects.filter(
            program=OuterRef("pk"),
            branch__path__startswith=unit.path,
            registration__state__in=CONFIRMED_STATES,
        ).filter(
            Q(evaluation__isnull=True) | Q(evaluation__reviewed_at__isnull=True) | Exists(unscored)
        )
    elif unit.level == Level.FEDERATION and Action.FORWARD_RESULTS in actions:
        kind = "federation"
        waiting = BranchEvaluation.objects.filter(
            program=OuterRef("pk"),
            branch__path__startswith=unit.path,
            state=BranchState.FINALIZED,
        )
    elif Action.RECOGNIZE_RESULTS in actions and unit.level in (Level.BASE, Level.UPPER):
        kind = "base"
        # Finalized results wait for the federation first, where there is one.
        waiting = BranchEvaluation.objects.filter(
            Q(state=BranchState.FORWARDED)
            | Q(state=BranchState.FINALIZED) & ~Q(branch__parent__level=Level.FEDERATION),
            program=OuterRef("pk"),
            branch__path__startswith=unit.path,
        )
    else:
        return []
    count = waiting.order_by().values("program").annotate(n=Count("pk")).values("n")
    programs = list(
        Program.objects.filter(
            Q(unit__path__in=unit.ancestor_paths()) | Q(unit__path__startswith=unit.path),
            status=ProgramStatus.OPEN,
            evaluation_start__lte=timezone.localdate(),
        )
        .annotate(waiting=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))
        .order_by("-school_year", "name")
    )
    for program in programs:
        program.work = kind
    return programs


def _evaluation_of(enrollment: Enrollment) -> Evaluation | None:
    try:
        return enrollment.evaluation
    except Evaluation.DoesNotExist:
        return None


def _self_evaluations(forms: list[Enrollment]) -> list[Enrollment]:
    """The member's enrollments whose evaluation has begun, each with `.evaluation_state`
    (not started, in draft, submitted, or the recognized result). One query at most: the
    evaluations came with the forms."""
    today = timezone.localdate()
    opened = [e for e in forms if e.program.evaluation_start <= today]
    if not opened:
        return []
    recognized = set(
        BranchEvaluation.objects.filter(
            Q(
                *[Q(program_id=e.program_id, branch_id=e.branch_id) for e in opened],
                _connector=Q.OR,
            ),
            state=BranchState.RECOGNIZED,
        ).values_list("program_id", "branch_id")
    )
    for enrollment in opened:
        evaluation = _evaluation_of(enrollment)
        enrollment.self_evaluation = evaluation
        enrollment.confirmed = enrollment.state in CONFIRMED_STATES
        if (enrollment.program_id, enrollment.branch_id) in recognized and evaluation:
            enrollment.evaluation_state = "result"
        elif evaluation is None or not enrollment.confirmed or evaluation.version == 0:
            # Opening a page or a group comment creates the row; the member's first
            # save raises its version.
            enrollment.evaluation_state = "not_started"
        else:
            enrollment.evaluation_state = evaluation.self_state
    return opened
