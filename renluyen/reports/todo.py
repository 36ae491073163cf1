"""The result report's lines on the to-do list (core.todo): the report a unit's
committee must send (as a deadline within 14 days, as work once returned or late), and
for the Union office the reports waiting to be received. A query or two per role held."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import Action
from renluyen.core.todo import Line
from renluyen.reports.models import Report, ReportState
from renluyen.reports.queries import REPORTING_LEVELS


def lines(ctx) -> list[Line]:
    return _to_send(ctx) + _to_receive(ctx)


def _to_send(ctx) -> list[Line]:
    """Reports of programs whose evaluation has opened, not yet sent (or returned)."""
    units = ctx.units_with(Action.WRITE_REPORT, REPORTING_LEVELS)
    pairs = [
        (program, unit)
        for unit in units
        for program in ctx.programs_of(unit)
        if program.evaluation_start <= ctx.today
    ]
    if not pairs:
        return []
    states = {
        (unit_id, program_id): state
        for unit_id, program_id, state in Report.objects.filter(
            unit__in=[u for _p, u in pairs], program__in=[p for p, _u in pairs]
        ).values_list("unit_id", "program_id", "state")
    }
    out = []
    for program, unit in pairs:
        state = states.get((unit.pk, program.pk))
        if state in (ReportState.SUBMITTED, ReportState.RECEIVED):
            continue
        url = f"{reverse('reports:unit', args=[unit.pk])}?program={program.pk}"
        values = {
            "year": program.school_year,
            "unit": unit.name,
            "day": date_format(program.report_deadline, "SHORT_DATE_FORMAT"),
        }
        if state == ReportState.RETURNED:
            text = _("The Union office returned the %(year)s result report of %(unit)s")
            out.append(Line(text % values, url))
        elif ctx.today >= program.report_deadline:
            text = _("The %(year)s result report of %(unit)s is late (it was due before %(day)s)")
            out.append(Line(text % values, url))
        elif ctx.soon(program.report_deadline):
            text = _("Send the %(year)s result report of %(unit)s before %(day)s")
            out.append(Line(text % values, url, due=program.report_deadline))
    return out


def _to_receive(ctx) -> list[Line]:
    out = []
    for unit in ctx.units_with(Action.RECEIVE_REPORT):
        waiting = Report.objects.filter(
            unit__path__startswith=unit.path, state=ReportState.SUBMITTED
        )
        newest = waiting.order_by("-program__school_year").values_list("program_id", flat=True)
        program_id = newest.first()
        if program_id is None:
            continue
        count = waiting.count()
        text = ngettext(
            "%(n)d result report waits for the Union office",
            "%(n)d result reports wait for the Union office",
            count,
        ) % {"n": count}
        url = f"{reverse('reports:office', args=[unit.pk])}?program={program_id}&state=submitted"
        out.append(Line(text, url, count=count))
    return out
