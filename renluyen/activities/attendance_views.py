"""Pages of taking part in activities: the member signs up and checks in with a code on
their phone; the organiser keeps the checklist, shows the check-in code (and its QR code)
during the activity, prints the two-part slips and types their codes in afterwards.

The organiser's pages fetch the activity through views._activity (404 when it is not in
the user's catalog, 403 when they do not manage its organising unit); the member's
through the catalog they see.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from renluyen.activities import attendance, services
from renluyen.activities.models import Activity
from renluyen.activities.views import _activity
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_ids
from renluyen.core.policy import own_member


def _list_anchor(activity: Activity) -> str:
    return f"{reverse('activities:list')}?program={activity.program_id}#activity-{activity.pk}"


@require_POST
@login_required
def sign_up(request, pk: int):
    """The member signs up for an activity of their catalog, or withdraws."""
    activity = get_object_or_404(Activity.objects.select_related("program", "unit"), pk=pk)
    if not services.visible_to(request.user, activity.program).filter(pk=pk).exists():
        raise Http404
    enrollment = attendance.enrollment_for(own_member(request.user), activity)
    if enrollment is None:
        raise PermissionDenied
    try:
        if request.POST.get("action") == "cancel":
            attendance.sign_up_cancel(activity=activity, enrollment=enrollment, user=request.user)
            messages.success(
                request,
                _("You are no longer signed up for “%(title)s”.") % {"title": activity.title},
            )
        else:
            attendance.sign_up(activity=activity, enrollment=enrollment, user=request.user)
            messages.success(
                request, _("You are signed up for “%(title)s”.") % {"title": activity.title}
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_list_anchor(activity))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def check_in(request):
    """The member types (or scans) the code shown during the activity."""
    member = own_member(request.user)
    if member is None:
        raise PermissionDenied
    code = request.POST.get("code", "") if request.method == "POST" else request.GET.get("code", "")
    code = attendance.normalize_code(code)[:20]
    error = ""
    if request.method == "POST":
        try:
            participation = attendance.check_in(code=code, member=member, user=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Checked in to “%(title)s”. Your attendance is recorded.")
                % {"title": participation.activity.title},
            )
            return redirect(reverse("activities:check_in") + "?done=1")
    return render(
        request,
        "activities/check_in.html",
        {"code": code, "error": error, "done": request.GET.get("done") == "1" and not error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def roster(request, pk: int):
    """The organiser's checklist of who took part."""
    activity = _activity(request, pk)
    if request.method == "POST" and request.POST.get("action") == "add":
        _add_walk_ins(request, activity)
        return redirect("activities:roster", activity.pk)
    if request.method == "POST":
        present = set(parse_ids(request.POST.getlist("present")))
        try:
            added, removed = attendance.attendance_set(
                activity=activity, user=request.user, present=present
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)s recorded, %(removed)s removed.")
                % {"added": added, "removed": removed},
            )
        return redirect("activities:roster", activity.pk)
    rows = list(attendance.roster(activity))
    return render(
        request,
        "activities/roster.html",
        {
            "activity": activity,
            "program": activity.program,
            "rows": rows,
            "attended": sum(1 for r in rows if r.attended_at),
            "window_problem": attendance.window_problem(activity),
        },
    )


def _add_walk_ins(request, activity) -> None:
    try:
        result = attendance.attendance_add(
            activity=activity, user=request.user, text=request.POST.get("codes", "")[:40000]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return
    messages.success(
        request,
        ngettext("%(n)s attendance recorded.", "%(n)s attendances recorded.", len(result.recorded))
        % {"n": len(result.recorded)},
    )
    if result.unknown:
        messages.error(
            request,
            _("Not members of this activity's units in this year: %(codes)s")
            % {"codes": ", ".join(result.unknown)},
        )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def checkin_screen(request, pk: int):
    """The check-in code and its QR code, large, for a projector or the organiser's
    phone; a new code replaces the old one."""
    activity = _activity(request, pk)
    if request.method == "POST":
        if request.POST.get("action") != "new":
            return HttpResponseBadRequest()
        attendance.checkin_code_new(activity=activity, user=request.user)
        return redirect("activities:checkin_screen", activity.pk)
    qr = ""
    url = ""
    if activity.checkin_code:
        url = request.build_absolute_uri(
            f"{reverse('activities:check_in')}?code={activity.checkin_code}"
        )
        # segno writes the SVG from the URL alone; no user text goes into it.
        qr = mark_safe(  # noqa: S308
            segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True)
        )
    return render(
        request,
        "activities/checkin_screen.html",
        {
            "activity": activity,
            "program": activity.program,
            "qr": qr,
            "url": url,
            "window_problem": attendance.window_problem(activity),
            "attended": activity.participations.filter(attended_at__isnull=False).count(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def slips(request, pk: int):
    """The two-part paper slips of the members signed up, to print and cut."""
    activity = _activity(request, pk)
    if request.method == "POST":
        try:
            made = attendance.slips_issue(activity=activity, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext("%(n)s new slip.", "%(n)s new slips.", made) % {"n": made},
            )
        return redirect("activities:slips", activity.pk)
    rows = [
        (p, attendance.slip_display(p.slip_code))
        for p in attendance.roster(activity)
        if p.slip_code
    ]
    missing = activity.participations.filter(slip_code__isnull=True).count()
    return render(
        request,
        "activities/slips.html",
        {"activity": activity, "program": activity.program, "rows": rows, "missing": missing},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def slips_enter(request, pk: int):
    """Type in the codes of the school's parts of the slips, many at once."""
    activity = _activity(request, pk)
    result = None
    text = ""
    if request.method == "POST":
        text = request.POST.get("codes", "")[:40000]
        try:
            result = attendance.slips_enter(activity=activity, user=request.user, text=text)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if not (result.unknown or result.repeated or result.already):
                messages.success(
                    request,
                    ngettext(
                        "%(n)s attendance recorded.",
                        "%(n)s attendances recorded.",
                        len(result.recorded),
                    )
                    % {"n": len(result.recorded)},
                )
                return redirect("activities:slips_enter", activity.pk)
    return render(
        request,
        "activities/slips_enter.html",
        {
            "activity": activity,
            "program": activity.program,
            "result": result,
            "unknown": [attendance.slip_display(c) for c in result.unknown] if result else [],
            "repeated": [attendance.slip_display(c) for c in result.repeated] if result else [],
            "already": [(attendance.slip_display(c), p) for c, p in result.already]
            if result
            else [],
            "text": text,
        },
    )


__all__ = ["check_in", "checkin_screen", "roster", "sign_up", "slips", "slips_enter"]
