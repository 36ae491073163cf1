"""A branch's or federation's result report (seed V.2): written and submitted by the
unit's committee, received or returned by the Union office, read by the units above;
printed on A4 or downloaded as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_version
from renluyen.core.policy import Action, can
from renluyen.evaluations.services import evaluation_started
from renluyen.registrations.views.branch import program_choice, program_context
from renluyen.reports import document, letterhead, pdf, services
from renluyen.reports.models import Letterhead, ReportState
from renluyen.reports.queries import REPORTING_LEVELS

FORM_FIELDS = ["number", "title", "achievements", "difficulties", "proposals", "commendations"]


def _unit_and_program(request, unit_id):
    unit = get_unit(request.user, unit_id, Action.VIEW_UNIT)
    if unit.level not in REPORTING_LEVELS:
        raise Http404
    programs, program = program_choice(request, unit, prefer=evaluation_started)
    return unit, programs, program


@require_http_methods(["GET", "POST"])
@login_required
def report(request, unit):
    unit, programs, program = _unit_and_program(request, unit)
    context = {**program_context(programs, program), "unit": unit}
    if program is None:
        return render(request, "reports/report.html", context)
    writer = can(request.user, Action.WRITE_REPORT, unit)
    office = can(request.user, Action.RECEIVE_REPORT, unit)
    if request.method == "POST":
        return _act(request, unit, program, writer, office)
    current = services.report_for_reading(program, unit)
    context.update(_page(request.user, current, writer, office))
    context["values"] = {name: getattr(current, name) or "" for name in FORM_FIELDS}
    return render(request, "reports/report.html", context)


def _page(user, current, writer: bool, office: bool) -> dict:
    editable = writer and current.state in services.EDITABLE
    return {
        "report": current,
        "doc": document.document(current),
        "editable": editable,
        "office": office and current.state == ReportState.SUBMITTED,
        "late": services.is_late(current),
        "submit_problem": services.submit_problem(current) if editable else None,
        "stored": current.pk is not None,
        "may_letterhead": services.may_edit_letterhead(user, current.unit),
    }


def _act(request, unit, program, writer: bool, office: bool):
    action = request.POST.get("action", "")
    version = parse_version(request.POST.get("version"))
    here = f"{request.path}?program={program.pk}"
    if action in ("save", "submit"):
        if not writer:
            raise PermissionDenied
        values = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        try:
            # One transaction: a report that cannot be sent keeps its last saved text and
            # the page keeps what was typed.
            with transaction.atomic():
                saved = services.report_save(
                    program=program, unit=unit, user=request.user, values=values, version=version
                )
                if action == "submit":
                    services.report_submit(
                        program=program, unit=unit, user=request.user, version=saved.version
                    )
            if action == "submit":
                messages.success(request, _("The report was sent to the Union office."))
            else:
                messages.success(request, _("Draft saved."))
        except DomainError as error:
            return _refused(request, unit, program, writer, office, error, values)
        return redirect(here)
    if action in ("receive", "return"):
        if not office:
            raise PermissionDenied
        current = services.report_of(program, unit)
        if current is None:
            raise Http404
        try:
            if action == "receive":
                services.report_receive(report=current, user=request.user, version=version)
                messages.success(request, _("The report is marked received."))
            else:
                services.report_return(
                    report=current,
                    user=request.user,
                    comment=request.POST.get("comment", ""),
                    version=version,
                )
                messages.success(request, _("The report was returned to the unit."))
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect(here)
    messages.error(request, _("Choose what to do with the report."))
    return redirect(here)


def _refused(request, unit, program, writer, office, error, values):
    """The page again with what was typed and the problems beside the fields."""
    current = services.report_for_reading(program, unit)
    programs, _program = program_choice(request, unit, prefer=evaluation_started)
    context = {**program_context(programs, program), "unit": unit}
    context.update(_page(request.user, current, writer, office))
    context["values"] = values
    context["error"] = str(error.message)
    context["problems"] = {p.where: str(p) for p in error.problems}
    return render(request, "reports/report.html", context, status=400)


def _readable(request, unit_id):
    unit, _programs, program = _unit_and_program(request, unit_id)
    if program is None:
        raise Http404
    return unit, program, services.report_for_reading(program, unit)


@login_required
def print_report(request, unit):
    unit, program, current = _readable(request, unit)
    return render(
        request,
        "reports/print.html",
        {"doc": document.document(current), "unit": unit, "program": program},
    )


@login_required
def pdf_report(request, unit):
    unit, program, current = _readable(request, unit)
    content = pdf.render(document.document(current))
    name = f"bao-cao-{slugify(unit.code)}-{slugify(program.school_year)}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def letterhead_edit(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if not services.may_edit_letterhead(request.user, unit):
        raise PermissionDenied
    stored = letterhead.letterhead_of(unit)
    values = {name: getattr(stored, name) for name in services.LETTERHEAD_FIELDS}
    problems, error = {}, ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in services.LETTERHEAD_FIELDS}
        try:
            services.letterhead_save(unit=unit, user=request.user, values=values)
            messages.success(request, _("The letterhead was saved."))
            return redirect(request.get_full_path())
        except DomainError as err:
            error = str(err.message)
            problems = {p.where: str(p) for p in err.problems}
    defaults = letterhead.defaults(unit)
    labels = {name: Letterhead._meta.get_field(name).verbose_name for name in defaults}
    return render(
        request,
        "reports/letterhead.html",
        {
            "unit": unit,
            "values": values,
            "fields": [(name, labels[name], defaults[name]) for name in defaults],
            "problems": problems,
            "error": error,
        },
        status=400 if error else 200,
    )
