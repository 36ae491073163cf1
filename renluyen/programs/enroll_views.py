"""The new school year's enrollment page (issue 9 item 4): a preview of the counts per
branch, and the one action that enrolls every active member before the program opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renluyen.core.access import get_program
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action
from renluyen.programs.models import ProgramStatus
from renluyen.programs.rollover import enrollment_preview, program_enroll


@login_required
def enroll(request, pk: int):
    program = get_program(request.user, pk, Action.ENROLL_MEMBERS)
    if request.method == "POST":
        try:
            count = program_enroll(program=program, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(n)s members were enrolled in %(program)s.")
                % {"n": count, "program": program.name},
            )
        return redirect("programs:program_enroll", program.pk)
    return render(
        request,
        "programs/enroll.html",
        {
            "program": program,
            "preview": enrollment_preview(program),
            "closed": program.status == ProgramStatus.CLOSED,
        },
    )
