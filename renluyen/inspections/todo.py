"""What inspections need from a person now, for the home page: requests their unit must
answer (the overdue ones first), and for the inspection committee the requests past their
due date still unanswered. Two queries at most."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from renluyen.core.policy import Action, scope, units_with
from renluyen.inspections.models import InspectionRequest


@dataclass
class InspectionTodo:
    to_answer: int = 0
    to_answer_overdue: int = 0
    overdue_below: int = 0
    first_url: str = ""
    overdue_url: str = ""

    @property
    def any(self) -> bool:
        return bool(self.to_answer or self.overdue_below)


def inspection_todo(user) -> InspectionTodo:
    todo = InspectionTodo()
    if not user.is_authenticated:
        return todo
    today = timezone.localdate()
    open_requests = InspectionRequest.objects.filter(answered_at__isnull=True)
    own_units = scope(user, Action.ANSWER_INSPECTION)
    if not user.is_superuser and units_with(user, Action.ANSWER_INSPECTION):
        mine = open_requests.filter(inspection__unit__in=own_units)
        counts = mine.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
        todo.to_answer, todo.to_answer_overdue = counts["n"], counts["late"]
        first = mine.order_by("due_on", "pk").values_list("inspection_id", flat=True).first()
        if first:
            todo.first_url = reverse("inspections:inspection", args=[first])
    tops = units_with(user, Action.INSPECT)
    if tops:
        below = Q(pk__in=[])
        for top in tops:
            below |= Q(inspection__unit__path__startswith=top.path)
        todo.overdue_below = open_requests.filter(below, due_on__lt=today).count()
        todo.overdue_url = reverse("inspections:unit", args=[tops[0].pk])
    return todo
