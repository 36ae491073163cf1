"""The activity catalog pages: the list a member or a committee sees for one program year,
and adding, editing and deleting activities by the committees that organise them.

An activity the user may not see in the catalog is a 404; one they see but whose
organising unit they do not manage (Action.MANAGE_ACTIVITIES) is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.activities import services
from renluyen.activities.attendance import is_eligible, last_day
from renluyen.activities.forms import ActivityForm
from renluyen.activities.models import Activity, Participation
from renluyen.core.errors import DomainError
from renluyen.core.ids import id_or_404
from renluyen.core.policy import Action, may_in_unit, own_member, visible_programs
from renluyen.programs.models import Enrollment, Program, ProgramStatus


def _program(request) -> Program | None:
    """?program= among the programs the user may see; by default the newest open one."""
    programs = visible_programs(request.user).select_related("unit")
    chosen = request.GET.get("program", "")
    if chosen:
        return get_object_or_404(programs, pk=id_or_404(chosen))
    newest = programs.order_by("-school_year", "pk")
    return newest.filter(status=ProgramStatus.OPEN).first() or newest.first()


def _list_url(program: Program) -> str:
    return f"{reverse('activities:list')}?program={program.pk}"


def _bound(request):
    return request.POST if request.method == "POST" else None


@login_required
def activity_list(request):
    program = _program(request)
    if program is None:
        return render(request, "activities/activity_list.html", {"program": None})
    user = request.user
    activities = list(services.catalog(user, program))
    # The member's own sign-ups and attendance, when they train in this program.
    member = own_member(user)
    enrollment = (
        Enrollment.objects.filter(program=program, member=member).select_related("branch").first()
        if member is not None
        else None
    )
    mine = (
        {p.activity_id: p for p in Participation.objects.filter(enrollment=enrollment)}
        if enrollment is not None
        else {}
    )
    today = timezone.localdate()
    rows = [
        (
            a,
            may_in_unit(user, Action.MANAGE_ACTIVITIES, a.unit),
            {
                "eligible": enrollment is not None and is_eligible(a, enrollment),
                "participation": mine.get(a.pk),
                "open": today <= last_day(a),
            },
        )
        for a in activities
    ]
    return render(
        request,
        "activities/activity_list.html",
        {
            "program": program,
            "programs": visible_programs(user).order_by("-school_year", "name"),
            "rows": rows,
            "has_member": enrollment is not None,
            "may_add": program.status != ProgramStatus.CLOSED
            and services.organising_units(user, program).exists(),
        },
    )


def _organising_units(user, program):
    units = services.organising_units(user, program)
    if not units.exists():
        raise PermissionDenied
    return units


@login_required
def activity_create(request):
    program = _program(request)
    if program is None:
        raise Http404
    units = _organising_units(request.user, program)
    form = ActivityForm(_bound(request), program=program, units=units)
    if form.is_valid():
        try:
            activity = services.activity_create(
                program=program, user=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Activity “%(title)s” was added.") % {"title": activity.title}
            )
            return redirect(_list_url(program))
    return render(
        request,
        "activities/activity_form.html",
        {"program": program, "form": form, "activity": None},
    )


def _activity(request, pk: int) -> Activity:
    """The activity if the user sees it in the catalog (else 404) and manages its
    organising unit (else 403)."""
    activity = get_object_or_404(
        Activity.objects.select_related("program__unit", "unit", "area"), pk=pk
    )
    if not services.visible_to(request.user, activity.program).filter(pk=pk).exists():
        raise Http404
    if not may_in_unit(request.user, Action.MANAGE_ACTIVITIES, activity.unit):
        raise PermissionDenied
    return activity


@login_required
def activity_edit(request, pk: int):
    activity = _activity(request, pk)
    program = activity.program
    units = services.organising_units(request.user, program)
    form = ActivityForm(_bound(request), program=program, units=units, activity=activity)
    used = services.uses(activity)
    if used:
        for field in ("area", "unit"):
            form.fields[field].disabled = True
            form.fields[field].help_text = ngettext(
                "Fixed: %(n)s member has this activity on their form.",
                "Fixed: %(n)s members have this activity on their form.",
                used,
            ) % {"n": used}
    if form.is_valid():
        try:
            services.activity_update(activity=activity, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Activity “%(title)s” was saved.") % {"title": activity.title}
            )
            return redirect(_list_url(program))
    return render(
        request,
        "activities/activity_form.html",
        {"program": program, "form": form, "activity": activity},
    )


@login_required
def activity_delete(request, pk: int):
    activity = _activity(request, pk)
    if request.method == "POST":
        try:
            services.activity_delete(activity=activity, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Activity “%(title)s” was deleted.") % {"title": activity.title}
            )
        return redirect(_list_url(activity.program))
    return render(
        request,
        "activities/activity_confirm_delete.html",
        {"activity": activity, "program": activity.program, "used": services.uses(activity)},
    )
