"""The printed form (issue 3, item 7): one member's form in the layout of the paper phiếu,
as a print page and as a PDF, and every confirmed form of a branch at once (the branch
keeps one copy, IV.1 Step 1).

The document is always in Vietnamese whatever language the site is shown in: it is the
Union's paper form, filed and signed as such.
"""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from renluyen.core.access import get_enrollment, get_unit
from renluyen.core.policy import Action, may_in_unit, own_member
from renluyen.programs.models import Enrollment
from renluyen.registrations.pdf import printed_form, printed_forms, render_pdf, with_forms
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.registrations.views.branch import program_choice

DOCUMENT_LANGUAGE = "vi"


def _safe(text: str) -> str:
    """A piece of a download's file name: ASCII letters, digits, dot, dash, underscore."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def _member_form(user, pk: int):
    """The enrollment (with its form loaded) and the printed form; 404 without a form."""
    enrollment = get_enrollment(user, pk, Action.VIEW_REGISTRATION)
    enrollment = with_forms(Enrollment.objects.filter(pk=enrollment.pk)).get()
    try:
        enrollment.registration  # noqa: B018 -- a member who never saved has nothing to print
    except ObjectDoesNotExist:
        raise Http404 from None
    return enrollment, printed_form(enrollment, enrollment.program.areas.order_by("number"))


def _back_url(user, enrollment) -> str:
    member = own_member(user)
    if member is not None and member.pk == enrollment.member_id:
        return reverse("registrations:form", args=[enrollment.pk])
    return reverse("registrations:review", args=[enrollment.pk])


@login_required
def print_form(request, pk: int):
    with translation.override(DOCUMENT_LANGUAGE):
        enrollment, form = _member_form(request.user, pk)
        return render(
            request,
            "registrations/print.html",
            {
                "forms": [form],
                "page_title": _("Registration form of %(name)s") % {"name": form.member_name},
                "back_url": _back_url(request.user, enrollment),
                "pdf_url": reverse("registrations:pdf", args=[enrollment.pk]),
            },
        )


def _pdf_response(forms, *, filename: str, title: str) -> HttpResponse:
    response = HttpResponse(render_pdf(forms, title=title), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def pdf_form(request, pk: int):
    with translation.override(DOCUMENT_LANGUAGE):
        enrollment, form = _member_form(request.user, pk)
        return _pdf_response(
            [form],
            filename=f"phieu-dang-ky-{_safe(enrollment.member.code)}.pdf",
            title=_("Registration form of %(name)s") % {"name": form.member_name},
        )


# ---------------------------------------------------------------- a branch's confirmed forms


def _branch_forms(request, unit_pk: int):
    unit = get_unit(request.user, unit_pk)
    if not may_in_unit(request.user, Action.VIEW_REGISTRATION, unit):
        raise Http404
    # The same program and the same members (sub-branches included) as the branch page.
    _programs, program = program_choice(request, unit)
    if program is None:
        return unit, None, []
    enrollments = with_forms(
        Enrollment.objects.filter(
            program=program,
            branch__path__startswith=unit.path,
            registration__state__in=CONFIRMED_STATES,
        )
    ).order_by("member__full_name", "member__code")
    forms = printed_forms(enrollments, program.areas.order_by("number"), confirmed_only=True)
    return unit, program, forms


def _branch_query(program) -> str:
    return f"?program={program.pk}" if program else ""


def _branch_page(request, unit, program, forms):
    query = _branch_query(program)
    return render(
        request,
        "registrations/print.html",
        {
            "forms": forms,
            "page_title": _("Confirmed forms of %(branch)s") % {"branch": unit.name},
            "program": program,
            "unit": unit,
            "back_url": reverse("registrations:branch", args=[unit.pk]) + query,
            "pdf_url": reverse("registrations:branch_pdf", args=[unit.pk]) + query,
            "empty": _("No form of %(branch)s has been confirmed yet.") % {"branch": unit.name},
        },
    )


@login_required
def branch_print(request, unit: int):
    with translation.override(DOCUMENT_LANGUAGE):
        return _branch_page(request, *_branch_forms(request, unit))


@login_required
def branch_pdf(request, unit: int):
    with translation.override(DOCUMENT_LANGUAGE):
        branch, program, forms = _branch_forms(request, unit)
        if not forms:
            # Nothing to print: the page says so rather than handing over an empty file.
            return _branch_page(request, branch, program, forms)
        return _pdf_response(
            forms,
            filename=f"phieu-dang-ky-{_safe(branch.code)}-{_safe(program.school_year)}.pdf",
            title=_("Confirmed forms of %(branch)s") % {"branch": branch.name},
        )
