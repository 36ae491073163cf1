"""What result reports need from a person now, for the home page: the reports their unit
must still send (or send again) for a program whose evaluation has opened, and for the
Union office the reports waiting to be received. A query or two per role held."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import Action, units_with
from renluyen.programs.models import Program, ProgramStatus
from renluyen.reports.models import Report, ReportState
from renluyen.reports.queries import REPORTING_LEVELS


def report_todo(user, item) -> list:
    """`item(text, url, count, overdue)` for each thing to do."""
    today = timezone.localdate()
    out = []
    for unit in units_with(user, Action.WRITE_REPORT):
        if unit.level not in REPORTING_LEVELS:
            continue
        programs = Program.objects.filter(
            unit__path__in=unit.ancestor_paths(),
            status=ProgramStatus.OPEN,
            evaluation_start__lte=today,
        )
        sent = Report.objects.filter(
            unit=unit, state__in=[ReportState.SUBMITTED, ReportState.RECEIVED]
        ).values("program_id")
        for program in programs.exclude(pk__in=sent).order_by("-school_year"):
            returned = Report.objects.filter(
                program=program, unit=unit, state=ReportState.RETURNED
            ).exists()
            text = (
                _("The Union office returned the %(year)s result report of %(unit)s")
                if returned
                else _("Send the %(year)s result report of %(unit)s (due before %(day)s)")
            ) % {
                "year": program.school_year,
                "unit": unit.name,
                "day": program.report_deadline.strftime("%d/%m/%Y"),
            }
            url = f"{reverse('reports:unit', args=[unit.pk])}?program={program.pk}"
            out.append(item(text, url, 1, returned or today >= program.report_deadline))
    for unit in units_with(user, Action.RECEIVE_REPORT):
        waiting = Report.objects.filter(
            Q(unit__path__startswith=unit.path), state=ReportState.SUBMITTED
        )
        count = waiting.count()
        if count:
            program_id = waiting.order_by("-program__school_year").values_list(
                "program_id", flat=True
            )[0]
            text = ngettext(
                "%(n)d result report waits for the Union office",
                "%(n)d result reports wait for the Union office",
                count,
            ) % {"n": count}
            url = (
                f"{reverse('reports:office', args=[unit.pk])}?program={program_id}&state=submitted"
            )
            out.append(item(text, url, count, False))
    return out
