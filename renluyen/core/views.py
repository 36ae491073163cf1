from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renluyen.core.policy import ROLE_ACTIONS, Action, assignments, own_member
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member
from renluyen.programs.models import Program, ProgramStatus


@login_required
def home(request):
    """Each role sees its units with their counts; a member sees their own record."""
    cards = []
    for assignment in assignments(request.user):
        unit = assignment.unit
        below = Unit.objects.subtree(unit)
        cards.append(
            {
                "assignment": assignment,
                "unit": unit,
                "branch_count": below.filter(level=Level.BRANCH).count(),
                "member_count": Member.objects.filter(branch__path__startswith=unit.path).count(),
                "children": list(unit.children.all()[:12]),
                "may_import": Action.IMPORT_MEMBERS in ROLE_ACTIONS[assignment.role],
                "may_edit_programs": Action.EDIT_PROGRAM in ROLE_ACTIONS[assignment.role],
            }
        )
    member = own_member(request.user)
    programs = []
    if member is not None:
        programs = list(
            Program.objects.filter(
                status=ProgramStatus.OPEN, enrollments__member=member
            ).select_related("unit")
        )
    return render(
        request,
        "core/home.html",
        {"cards": cards, "member": member, "member_programs": programs},
    )
