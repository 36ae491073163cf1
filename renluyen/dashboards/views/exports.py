"""Downloads of the year's end: the unit summary and the units late on each step (one
row per unit, written while the person waits) and every member's scores criterion by
criterion (written while they wait when small, in the background with a progress page
when large)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from renluyen.core.access import get_unit
from renluyen.core.policy import Action
from renluyen.dashboards import exports, jobs, xlsx
from renluyen.dashboards.models import ExportJob, ExportState
from renluyen.dashboards.views.choice import query_of, scope_for

KINDS = {"members", "summary", "late"}


def _scope(request, unit_id, kind):
    if kind not in KINDS:
        raise Http404
    unit = get_unit(request.user, unit_id, Action.VIEW_MEMBER)
    scope, context = scope_for(request, unit)
    if scope is None:
        raise Http404
    if kind == "members" and scope.program is None:
        # Member by member only within one base Union's program.
        raise Http404
    return unit, scope, context


@login_required
def export(request, unit, kind):
    unit, scope, context = _scope(request, unit, kind)
    label = scope.programs[0].school_year
    if kind == "summary":
        handle = exports.summary_export(scope)
        return _file(handle, xlsx.filename("so-lieu-don-vi", unit, label))
    if kind == "late":
        handle = exports.late_export(scope)
        return _file(handle, xlsx.filename("don-vi-cham", unit, label))
    rows = exports.member_row_count(scope.program, unit)
    if rows <= exports.inline_rows():
        handle = exports.members_export(scope.program, unit)
        return _file(handle, xlsx.filename("diem-doan-vien", unit, label))
    return render(
        request,
        "dashboards/export_start.html",
        {"unit": unit, "scope": scope, "rows": rows, "query": query_of(scope, context)},
    )


def _file(handle, name):
    return FileResponse(handle, as_attachment=True, filename=name)


@require_POST
@login_required
def start(request, unit):
    unit, scope, _context = _scope(request, unit, "members")
    job = jobs.start(
        kind="members",
        user=request.user,
        unit=unit,
        program=scope.program,
        rows_total=exports.member_row_count(scope.program, unit),
    )
    return redirect("dashboards:job", job.pk)


def _job(request, pk) -> ExportJob:
    """A person sees only their own exports."""
    return get_object_or_404(
        ExportJob.objects.select_related("unit", "program"), pk=pk, user=request.user
    )


@login_required
def job(request, pk):
    current = _job(request, pk)
    template = (
        "dashboards/_job.html" if request.headers.get("HX-Request") else "dashboards/job.html"
    )
    return render(
        request,
        template,
        {
            "job": current,
            "done": current.state == ExportState.DONE,
            "waiting": current.state in (ExportState.QUEUED, ExportState.RUNNING),
            "back": (
                f"{reverse('dashboards:unit', args=[current.unit_id])}?program={current.program_id}"
            ),
        },
    )


@login_required
def download(request, pk):
    current = _job(request, pk)
    target = jobs.path_of(current)
    if current.state != ExportState.DONE or not target.exists():
        return redirect("dashboards:job", current.pk)
    return FileResponse(open(target, "rb"), as_attachment=True, filename=current.file_name)


urlpatterns = [
    path("unit/<id:unit>/export/<str:kind>.xlsx", export, name="export"),
    path("unit/<id:unit>/export/start/", start, name="export_start"),
    path("exports/<id:pk>/", job, name="job"),
    path("exports/<id:pk>/download/", download, name="download"),
]
