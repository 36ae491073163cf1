"""The registration's lines on the to-do list (core.todo): forms waiting for the branch
committee, members not yet registered as the deadline nears, and the member's own form
to send or to change. Three queries at most."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.todo import Line
from renluyen.programs.models import Enrollment
from renluyen.registrations.deadlines import last_day
from renluyen.registrations.models import Extension, State
from renluyen.registrations.transitions import AWAITING_REVIEW

NOT_SUBMITTED = Q(registration__isnull=True) | Q(registration__first_submitted_at__isnull=True)


def lines(ctx) -> list[Line]:
    return _committee(ctx) + _member(ctx)


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _committee(ctx) -> list[Line]:
    programs = {p.pk: p for branch in ctx.branches for p in ctx.programs_of(branch)}
    if not programs:
        return []
    branches = {b.pk: b for b in ctx.branches}
    grouped = (
        Enrollment.objects.filter(program_id__in=programs, branch_id__in=branches)
        .order_by()
        .values_list("program_id", "branch_id")
        .annotate(
            awaiting=Count("pk", filter=Q(registration__state__in=AWAITING_REVIEW)),
            not_submitted=Count("pk", filter=NOT_SUBMITTED),
        )
    )
    out = []
    for program_id, branch_id, awaiting, not_submitted in grouped:
        program, branch = programs[program_id], branches[branch_id]
        url = f"{reverse('registrations:branch', args=[branch.pk])}?program={program.pk}"
        where = {"branch": branch.name, "year": program.school_year}
        if awaiting:
            out.append(
                Line(
                    ngettext(
                        "%(n)d form awaits review — %(branch)s (%(year)s)",
                        "%(n)d forms await review — %(branch)s (%(year)s)",
                        awaiting,
                    )
                    % {"n": awaiting, **where},
                    url,
                    awaiting,
                )
            )
        if not_submitted and ctx.soon(program.registration_deadline):
            out.append(
                Line(
                    ngettext(
                        "Registration due before %(day)s: %(n)d member has not sent a form "
                        "— %(branch)s",
                        "Registration due before %(day)s: %(n)d members have not sent a form "
                        "— %(branch)s",
                        not_submitted,
                    )
                    % {"n": not_submitted, "day": _day(program.registration_deadline), **where},
                    f"{url}&state=not_registered",
                    not_submitted,
                    due=program.registration_deadline,
                )
            )
    return out


def member_enrollments(ctx) -> list[Enrollment]:
    """The member's enrollments in the open programs they may see, with their form and
    extensions: two queries (one when the caller gave `ctx.member_forms`), made once for
    every provider."""
    if ctx.member is None:
        return []
    cached = getattr(ctx, "_member_enrollments", None)
    if cached is None:
        open_ids = [p.pk for p in ctx.open_programs]
        extensions = Prefetch(
            "extensions", queryset=Extension.objects.order_by("-granted_at", "-pk")
        )
        if ctx.member_forms is not None:
            ids = set(open_ids)
            cached = sorted(
                (e for e in ctx.member_forms if e.program_id in ids), key=lambda e: e.pk
            )
            prefetch_related_objects(cached, extensions)
        else:
            cached = list(
                Enrollment.objects.filter(member=ctx.member, program_id__in=open_ids)
                .select_related("program", "registration", "branch")
                .prefetch_related(extensions)
            )
        ctx._member_enrollments = cached
    return cached


def _member(ctx) -> list[Line]:
    out = []
    for enrollment in member_enrollments(ctx):
        program = enrollment.program
        form = getattr(enrollment, "registration", None)
        url = reverse("registrations:form", args=[enrollment.pk])
        if form is not None and form.state in (State.RETURNED, State.SUPPLEMENT_RETURNED):
            out.append(
                Line(
                    _("Your training form %(year)s was returned: change it and send it again")
                    % {"year": program.school_year},
                    url,
                )
            )
        if form is None or form.first_submitted_at is None:
            last = last_day(enrollment, list(enrollment.extensions.all()))
            due = last + timedelta(days=1)
            if ctx.soon(due):
                out.append(
                    Line(
                        _("Send your training form %(year)s before %(day)s")
                        % {"year": program.school_year, "day": _day(due)},
                        url,
                        due=due,
                    )
                )
    return out
