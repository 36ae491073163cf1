"""The Union office's list of result reports (seed V.2): every branch and federation under
a base Union (or a federation) with its report's state, late ones marked, 50 a page and
filtered by state or federation, each opening the report itself."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.core.access import get_unit
from renluyen.core.ids import parse_id
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can
from renluyen.evaluations.services import evaluation_started
from renluyen.organizations.models import Level, Unit
from renluyen.registrations.views.branch import program_choice, program_context
from renluyen.reports import queries
from renluyen.reports.models import ReportState

STATE_LABELS = {queries.NOT_STARTED: _("Not started"), **dict(ReportState.choices)}


@login_required
def office(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    programs, program = program_choice(request, unit, prefer=evaluation_started)
    context = {**program_context(programs, program), "unit": unit}
    if program is None:
        return render(request, "reports/office.html", context)
    units = queries.office_units(program, unit)
    counts = queries.state_counts(units)
    state = request.GET.get("state", "")
    if state == "late":
        late = Q(report_first_submitted__date__gte=program.report_deadline)
        if timezone.localdate() >= program.report_deadline:
            late |= Q(report_first_submitted__isnull=True)
        units = units.filter(late)
    elif state in STATE_LABELS:
        units = units.filter(report_state=state)
    else:
        state = ""
    federations = list(Unit.objects.filter(parent=unit, level=Level.FEDERATION).order_by("name"))
    federation = parse_id(request.GET.get("federation", ""))
    if federation and any(f.pk == federation for f in federations):
        chosen = next(f for f in federations if f.pk == federation)
        units = units.filter(path__startswith=chosen.path)
    else:
        federation = None
    page = paginate(request, units.order_by("path"))
    deadline = program.report_deadline
    for row in page:
        first = row.report_first_submitted
        row.late = (
            timezone.localtime(first).date() >= deadline
            if first
            else timezone.localdate() >= deadline
        )
        row.state_label = STATE_LABELS.get(row.report_state, row.report_state)
    context.update(
        page=page,
        state=state,
        counts=[(key, label, counts.get(key, 0)) for key, label in STATE_LABELS.items()],
        all_count=sum(counts.values()),
        federations=federations,
        federation=federation,
        deadline=deadline,
        office=can(request.user, Action.RECEIVE_REPORT, unit),
    )
    return render(request, "reports/office.html", context)


urlpatterns = [path("office/<id:unit>/", office, name="office")]
