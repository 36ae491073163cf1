"""The evaluation's deadlines on the to-do list (core.todo): the member's self-evaluation
and the branch's results as their due date nears. (What waits for each role now is on
the home page's evaluation card.) Two queries at most."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.core.todo import Line
from renluyen.evaluations.models import BranchEvaluation, Evaluation, SelfState
from renluyen.evaluations.transitions import EDITABLE
from renluyen.registrations.todo import member_enrollments
from renluyen.registrations.transitions import CONFIRMED_STATES


def lines(ctx) -> list[Line]:
    return _member(ctx) + _committee(ctx)


def _due(ctx, program) -> bool:
    return program.evaluation_start <= ctx.today and ctx.soon(program.evaluation_deadline)


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _member(ctx) -> list[Line]:
    due = [
        e
        for e in member_enrollments(ctx)
        if _due(ctx, e.program)
        and getattr(e, "registration", None) is not None
        and e.registration.state in CONFIRMED_STATES
    ]
    if not due:
        return []
    submitted = set(
        Evaluation.objects.filter(enrollment__in=due, self_state=SelfState.SUBMITTED).values_list(
            "enrollment_id", flat=True
        )
    )
    return [
        Line(
            _("Self-evaluate your training %(year)s before %(day)s")
            % {"year": e.program.school_year, "day": _day(e.program.evaluation_deadline)},
            reverse("evaluations:mine"),
            due=e.program.evaluation_deadline,
        )
        for e in due
        if e.pk not in submitted
    ]


def _committee(ctx) -> list[Line]:
    pairs = [(p, b) for b in ctx.branches for p in ctx.programs_of(b) if _due(ctx, p)]
    if not pairs:
        return []
    sent = set(
        BranchEvaluation.objects.filter(
            program_id__in={p.pk for p, _b in pairs}, branch_id__in={b.pk for _p, b in pairs}
        )
        .exclude(state__in=EDITABLE)
        .values_list("program_id", "branch_id")
    )
    return [
        Line(
            _("Evaluation due before %(day)s: finalize the results — %(branch)s")
            % {"day": _day(p.evaluation_deadline), "branch": b.name},
            f"{reverse('evaluations:branch', args=[b.pk])}?program={p.pk}",
            due=p.evaluation_deadline,
        )
        for p, b in pairs
        if (p.pk, b.pk) not in sent
    ]
