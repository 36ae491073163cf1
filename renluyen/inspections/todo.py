"""Inspection's lines on the to-do list (core.todo): the requests the user's unit must
answer (overdue ones said so), and for the inspection committee the requests past their
due date without an answer. Two queries at most."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import Action
from renluyen.core.todo import Line
from renluyen.inspections.models import InspectionRequest


def lines(ctx) -> list[Line]:
    return _to_answer(ctx) + _overdue_below(ctx)


def _to_answer(ctx) -> list[Line]:
    units = ctx.units_with(Action.ANSWER_INSPECTION)
    if not units:
        return []
    mine = InspectionRequest.objects.filter(answered_at__isnull=True, inspection__unit__in=units)
    counts = mine.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=ctx.today)))
    if not counts["n"]:
        return []
    first = mine.order_by("due_on", "pk").values_list("inspection_id", flat=True).first()
    text = ngettext(
        "%(n)d inspection request for your unit to answer",
        "%(n)d inspection requests for your unit to answer",
        counts["n"],
    ) % {"n": counts["n"]}
    if counts["late"]:
        text += " " + _("(%(n)d overdue)") % {"n": counts["late"]}
    return [Line(text, reverse("inspections:inspection", args=[first]), count=counts["n"])]


def _overdue_below(ctx) -> list[Line]:
    tops = ctx.units_with(Action.INSPECT)
    if not tops:
        return []
    below = Q(pk__in=[])
    for top in tops:
        below |= Q(inspection__unit__path__startswith=top.path)
    count = InspectionRequest.objects.filter(
        below, answered_at__isnull=True, due_on__lt=ctx.today
    ).count()
    if not count:
        return []
    text = ngettext(
        "%(n)d inspection request past its due date without an answer",
        "%(n)d inspection requests past their due date without an answer",
        count,
    ) % {"n": count}
    return [Line(text, reverse("inspections:unit", args=[tops[0].pk]), count=count)]
