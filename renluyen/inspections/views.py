"""The inspection committee's pages (seed V.1) and the inspected unit's: the year's plans,
each inspection with its findings, conclusion and requests, the unit's answers. The
inspecting side (and those above it) see every inspection below them; an inspected unit
sees its own only; anyone else gets a 404."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id, parse_ids, parse_version
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can
from renluyen.inspections import services
from renluyen.inspections.models import Inspection, InspectionPlan, InspectionRequest
from renluyen.organizations.models import Level, Unit
from renluyen.programs.models import Program

UNIT_CHOICES_LIMIT = 500


def _date(value) -> date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def _problems(error: DomainError) -> dict:
    return {p.where: str(p) for p in error.problems}


@require_http_methods(["GET", "POST"])
@login_required
def unit_page(request, unit):
    """The inspecting side: the unit's plans and every inspection below it. The inspected
    unit's committee: the unit's own inspections."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    viewer = can(request.user, Action.VIEW_INSPECTIONS, unit)
    answerer = can(request.user, Action.ANSWER_INSPECTION, unit)
    if not (viewer or answerer):
        raise PermissionDenied
    inspector = can(request.user, Action.INSPECT, unit) and unit.level in (Level.BASE, Level.UPPER)
    values, problems, error = {}, {}, ""
    if request.method == "POST":
        if not inspector:
            raise PermissionDenied
        values = {k: request.POST.get(k, "") for k in ("school_year", "title", "topic")}
        try:
            plan = services.plan_create(unit=unit, user=request.user, **values)
            messages.success(request, _("The inspection plan was created."))
            return redirect("inspections:plan", plan.pk)
        except DomainError as err:
            error, problems = str(err.message), _problems(err)
    if viewer:
        inspections = Inspection.objects.filter(unit__path__startswith=unit.path)
    else:
        inspections = Inspection.objects.filter(unit=unit)
    page = paginate(
        request,
        inspections.select_related("unit", "plan").order_by("-planned_on", "pk"),
    )
    plans = (
        list(
            InspectionPlan.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit")
            .order_by("-school_year", "-created_at")[:50]
        )
        if viewer
        else []
    )
    years = list(
        Program.objects.filter(unit__path__in=unit.ancestor_paths())
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )
    return render(
        request,
        "inspections/unit.html",
        {
            "unit": unit,
            "viewer": viewer,
            "inspector": inspector,
            "plans": plans,
            "page": page,
            "today": timezone.localdate(),
            "years": years,
            "values": values,
            "problems": problems,
            "error": error,
        },
        status=400 if error else 200,
    )


def _plan(request, pk) -> InspectionPlan:
    plan = get_object_or_404(InspectionPlan.objects.select_related("unit"), pk=pk)
    if not can(request.user, Action.VIEW_INSPECTIONS, plan.unit):
        raise Http404
    return plan


def _unit_choices(plan: InspectionPlan):
    units = Unit.objects.filter(
        path__startswith=plan.unit.path, level__in=[Level.FEDERATION, Level.BRANCH]
    ).order_by("path")
    return list(units[: UNIT_CHOICES_LIMIT + 1])


@require_http_methods(["GET", "POST"])
@login_required
def plan_page(request, pk):
    plan = _plan(request, pk)
    inspector = can(request.user, Action.INSPECT, plan.unit)
    values, problems, error = {}, {}, ""
    if request.method == "POST":
        if not inspector:
            raise PermissionDenied
        values = {
            "unit": request.POST.get("unit", ""),
            "code": request.POST.get("code", ""),
            "planned_on": request.POST.get("planned_on", ""),
            "topic": request.POST.get("topic", ""),
            "inspectors": parse_ids(request.POST.getlist("inspectors")),
        }
        unit = _picked_unit(plan, values)
        try:
            services.inspection_add(
                plan=plan,
                user=request.user,
                unit=unit,
                planned_on=_date(values["planned_on"]),
                topic=values["topic"],
                inspector_ids=values["inspectors"],
            )
            messages.success(request, _("The inspection was added to the plan."))
            return redirect("inspections:plan", plan.pk)
        except DomainError as err:
            error, problems = str(err.message), _problems(err)
    choices = _unit_choices(plan) if inspector else []
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": plan,
            "inspector": inspector,
            "inspections": plan.inspections.select_related("unit").prefetch_related(
                "inspectors", "requests"
            ),
            "unit_choices": choices[:UNIT_CHOICES_LIMIT],
            "by_code": len(choices) > UNIT_CHOICES_LIMIT,
            "people": services.inspectors_for(plan.unit) if inspector else [],
            "today": timezone.localdate(),
            "values": values,
            "problems": problems,
            "error": error,
        },
        status=400 if error else 200,
    )


def _picked_unit(plan, values) -> Unit | None:
    below = Unit.objects.filter(path__startswith=plan.unit.path)
    if pk := parse_id(values["unit"]):
        return below.filter(pk=pk).first()
    code = values["code"].strip()
    return below.filter(code=code).first() if code else None


def _inspection(request, pk) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("unit", "plan__unit"), pk=pk)
    if not services.may_view(request.user, inspection):
        raise Http404
    return inspection


@require_http_methods(["GET", "POST"])
@login_required
def inspection_page(request, pk):
    inspection = _inspection(request, pk)
    inspector = can(request.user, Action.INSPECT, inspection.plan.unit)
    answerer = can(request.user, Action.ANSWER_INSPECTION, inspection.unit)
    values, problems, error = {}, {}, ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "record":
                if not inspector:
                    raise PermissionDenied
                services.inspection_record(
                    inspection=inspection,
                    user=request.user,
                    held_on=_date(request.POST.get("held_on")),
                    findings=request.POST.get("findings", ""),
                    conclusion=request.POST.get("conclusion", ""),
                    version=parse_version(request.POST.get("version")),
                )
                messages.success(request, _("The inspection's findings were saved."))
            elif action == "request":
                if not inspector:
                    raise PermissionDenied
                services.request_add(
                    inspection=inspection,
                    user=request.user,
                    text=request.POST.get("text", ""),
                    due_on=_date(request.POST.get("due_on")),
                )
                messages.success(request, _("The request was sent to the unit."))
            elif action == "answer":
                if not answerer:
                    raise PermissionDenied
                target = get_object_or_404(
                    InspectionRequest,
                    pk=parse_id(request.POST.get("request", "")) or 0,
                    inspection=inspection,
                )
                services.request_answer(
                    request=target, user=request.user, answer=request.POST.get("answer", "")
                )
                messages.success(request, _("Your answer was recorded."))
            else:
                messages.error(request, _("Choose what to do."))
            return redirect("inspections:inspection", inspection.pk)
        except DomainError as err:
            error, problems = str(err.message), _problems(err)
            values = {**request.POST.dict(), "action": action}
    return render(
        request,
        "inspections/inspection.html",
        {
            "inspection": inspection,
            "requests": list(inspection.requests.select_related("answered_by")),
            "inspectors": list(inspection.inspectors.all()),
            "inspector": inspector,
            "answerer": answerer,
            "today": timezone.localdate(),
            "values": values,
            "problems": problems,
            "error": error,
        },
        status=400 if error else 200,
    )


urlpatterns = [
    path("unit/<id:unit>/", unit_page, name="unit"),
    path("plan/<id:pk>/", plan_page, name="plan"),
    path("<id:pk>/", inspection_page, name="inspection"),
]
