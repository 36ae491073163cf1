from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from renluyen.core.access import get_program
from renluyen.core.policy import Action, can
from renluyen.programs.models import Criterion, Program


@login_required
def program_list(request):
    programs = [
        p
        for p in Program.objects.select_related("unit").order_by("-school_year")
        if can(request.user, Action.VIEW_PROGRAM, p)
    ]
    return render(request, "programs/program_list.html", {"programs": programs})


@login_required
def program_detail(request, pk: int):
    program = get_program(request.user, pk)
    areas = program.areas.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "code"))
    )
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "areas": areas,
            "may_edit": can(request.user, Action.EDIT_PROGRAM, program),
        },
    )
