"""Support during the year, seen from a unit (seed IV.1 Step 2-3, V.1). A branch's page
gathers its meeting, check-ins, mentors, help requests and the guidance it received; a
federation's or base Union's page has a row per branch (check-ins, overdue rounds,
members followed, help waiting, guidance not yet acknowledged) for its committee and the
supervising school committee members, who leave guidance there."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renluyen.core.access import get_unit
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, holds_in
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import ProgramStatus
from renluyen.progress.models import SelfReview
from renluyen.registrations.views.branch import program_choice, program_context
from renluyen.support import rounds, services
from renluyen.support.models import (
    Guidance,
    HelpRequest,
    HelpState,
    Mentorship,
    RegistrationMeeting,
)
from renluyen.support.views.common import require, step


def unit_url(unit, program) -> str:
    return f"{reverse('support:unit', args=[unit.pk])}?program={program.pk}"


@dataclass
class BranchRow:
    branch: Unit
    checkins: rounds.BranchRounds
    followed: int = 0
    help_waiting: int = 0
    guidance_open: int = 0
    reviewed: int = 0  # six-monthly self-reviews sent (progress)
    meeting: object = None  # the date of the registration meeting, or None


@require_http_methods(["GET", "POST"])
@login_required
def unit(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if unit.level == Level.SUBBRANCH:
        raise Http404
    programs, program = program_choice(request, unit)
    guide = can(request.user, Action.GUIDE_UNIT, unit)
    if request.method == "POST":
        require(program, guide)
        text = request.POST.get("text", "")
        step(
            request,
            lambda: services.guidance_add(program=program, unit=unit, user=request.user, text=text),
            _("Your guidance was sent to the unit's committee."),
        )
        return redirect(unit_url(unit, program))
    context = {**program_context(programs, program), "unit": unit, "today": timezone.localdate()}
    if program is not None:
        guidance = list(
            Guidance.objects.filter(program=program, unit=unit).select_related(
                "author", "acknowledged_by"
            )
        )
        context.update(
            guidance=guidance,
            guide=guide and program.status == ProgramStatus.OPEN,
            acknowledger=holds_in(request.user, Action.ACKNOWLEDGE_GUIDANCE, unit),
        )
        if unit.level == Level.BRANCH:
            context.update(_branch_context(request, program, unit))
        else:
            page = paginate(request, Unit.objects.subtree(unit).branches().select_related("parent"))
            context.update(page=page, rows=branch_rows(program, list(page)))
    template = "support/branch.html" if unit.level == Level.BRANCH else "support/unit.html"
    return render(request, template, context)


def branch_rows(program, branches) -> list[BranchRow]:
    """A row per branch of `branches`: eight queries whatever their number."""
    ids = [b.pk for b in branches]
    checkins = rounds.for_branches(program, branches)
    followed = _grouped(
        Mentorship.objects.active().filter(
            enrollment__program=program, enrollment__branch_id__in=ids
        ),
        "enrollment__branch_id",
        distinct="enrollment",
    )
    waiting = _grouped(
        HelpRequest.objects.filter(
            enrollment__program=program, enrollment__branch_id__in=ids, state=HelpState.OPEN
        ),
        "enrollment__branch_id",
    )
    guidance = _grouped(
        Guidance.objects.filter(program=program, unit_id__in=ids, acknowledged_at__isnull=True),
        "unit_id",
    )
    reviewed = _grouped(
        SelfReview.objects.filter(
            enrollment__program=program, enrollment__branch_id__in=ids, submitted_at__isnull=False
        ),
        "enrollment__branch_id",
    )
    meetings = dict(
        RegistrationMeeting.objects.filter(program=program, branch_id__in=ids).values_list(
            "branch_id", "meeting_date"
        )
    )
    return [
        BranchRow(
            branch=b,
            checkins=checkins[b.pk],
            followed=followed.get(b.pk, 0),
            help_waiting=waiting.get(b.pk, 0),
            guidance_open=guidance.get(b.pk, 0),
            reviewed=reviewed.get(b.pk, 0),
            meeting=meetings.get(b.pk),
        )
        for b in branches
    ]


def _grouped(queryset, key: str, distinct: str = "pk") -> dict[int, int]:
    return dict(
        queryset.order_by().values_list(key).annotate(n=Count(distinct, distinct=distinct != "pk"))
    )


def _branch_context(request, program, branch) -> dict:
    row = branch_rows(program, [branch])[0]
    requests = list(
        HelpRequest.objects.filter(enrollment__program=program, enrollment__branch=branch)
        .exclude(state=HelpState.CLOSED)
        .select_related("enrollment__member", "mentor")
        .order_by("state", "-created_at")
    )
    closed = HelpRequest.objects.filter(
        enrollment__program=program, enrollment__branch=branch, state=HelpState.CLOSED
    ).count()
    return {
        "row": row,
        "requests": requests,
        "closed": closed,
        "manager": can(request.user, Action.MANAGE_SUPPORT, branch),
    }


@require_POST
@login_required
def acknowledge(request, pk):
    guidance = get_object_or_404(Guidance.objects.select_related("unit", "program"), pk=pk)
    get_unit(request.user, guidance.unit_id)  # 404 for a unit the user may not see
    if not holds_in(request.user, Action.ACKNOWLEDGE_GUIDANCE, guidance.unit):
        raise PermissionDenied
    response = request.POST.get("response", "")
    step(
        request,
        lambda: services.guidance_acknowledge(
            guidance=guidance, user=request.user, response=response
        ),
        _("The guidance was acknowledged."),
    )
    return redirect(unit_url(guidance.unit, guidance.program))
