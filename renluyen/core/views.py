from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from renluyen.core.policy import ROLE_ACTIONS, Action, assignments, own_member
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment, Program, ProgramStatus
from renluyen.registrations.models import NOT_REGISTERED, Registration
from renluyen.registrations.transitions import AWAITING_REVIEW

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
        {"cards": cards, "member": member, "member_forms": forms},
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
        card["reviews"] = _awaiting_review(unit)
    elif Action.VIEW_REGISTRATION in actions:
        # Federations and the base Union follow their branches' figures (read-only).
        card["overview"] = True
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
        .select_related("program", "branch", "registration")
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
