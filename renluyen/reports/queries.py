"""Who has reported, who has not and who is late (seed V.2), as aggregate queries over a
dashboard's scope: a fixed number of queries whatever the number of units."""

from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from renluyen.dashboards.figures import Scope
from renluyen.dashboards.models import BranchFigures
from renluyen.organizations.models import Level, Unit
from renluyen.reports.models import Report, ReportState

# The units that send a report to the Union office.
REPORTING_LEVELS = {Level.BRANCH, Level.FEDERATION}
NOT_STARTED = "none"
SENT_STATES = [ReportState.SUBMITTED, ReportState.RECEIVED, ReportState.RETURNED]


def on_time(report: Report, deadline: date) -> bool:
    from django.utils import timezone

    return report.first_submitted_at is not None and (
        timezone.localtime(report.first_submitted_at).date() < deadline
    )


def _due_programs(scope: Scope) -> list:
    """The scope's programs whose report deadline has passed."""
    return [p for p in scope.programs if p.report_deadline <= scope.today]


def _under_any(programs, field: str = "path") -> Q:
    condition = Q(pk__in=[])
    for program in programs:
        condition |= Q(**{f"{field}__startswith": program.unit.path})
    return condition


def reporting_units(scope: Scope, programs=None):
    """Federations, and branches with members, under the scope's unit (and under the
    units running `programs`, by default the scope's)."""
    programs = scope.programs if programs is None else programs
    with_members = BranchFigures.objects.filter(
        program__in=[p.pk for p in programs], members__gt=0
    ).values("branch_id")
    return (
        Unit.objects.filter(path__startswith=scope.unit.path)
        .filter(_under_any(programs))
        .filter(Q(level=Level.FEDERATION) | Q(level=Level.BRANCH, pk__in=with_members))
    )


def _reported_on_time(programs):
    """Reports first submitted before their program's deadline (local day)."""
    return Report.objects.filter(
        program__in=[p.pk for p in programs],
        first_submitted_at__isnull=False,
        first_submitted_at__date__lt=F("program__report_deadline"),
    )


def late_count(scope: Scope) -> int:
    """Reporting units whose deadline passed without a report sent on time: two queries."""
    programs = _due_programs(scope)
    if not programs:
        return 0
    units = reporting_units(scope, programs)
    on_time_ids = _reported_on_time(programs).values("unit_id")
    return units.exclude(pk__in=on_time_ids).count()


def late_units(scope: Scope):
    """The same units, in tree order, each with `report_state` (NOT_STARTED when none)."""
    programs = _due_programs(scope)
    if not programs:
        return Unit.objects.none()
    units = reporting_units(scope, programs).exclude(
        pk__in=_reported_on_time(programs).values("unit_id")
    )
    return with_report(units, programs).select_related("parent").order_by("path")


def with_report(units, programs):
    """`units` annotated with their report's state, number and first submission for the
    given programs (a unit has at most one among them)."""
    report = Report.objects.filter(unit=OuterRef("pk"), program__in=[p.pk for p in programs])
    return units.annotate(
        report_state=Coalesce(Subquery(report.values("state")[:1]), Value(NOT_STARTED)),
        report_id=Subquery(report.values("pk")[:1]),
        report_first_submitted=Subquery(report.values("first_submitted_at")[:1]),
    )


def office_units(program, unit):
    """Every reporting unit under `unit` for `program`, with its report: the office's list."""
    with_members = BranchFigures.objects.filter(program=program, members__gt=0).values("branch_id")
    units = Unit.objects.filter(path__startswith=unit.path).filter(
        Q(level=Level.FEDERATION) | Q(level=Level.BRANCH, pk__in=with_members)
    )
    return with_report(units, [program]).select_related("parent")


def state_counts(units) -> dict[str, int]:
    """How many of `units` (annotated by with_report) are in each report state."""
    grouped = units.order_by().values("report_state").annotate(n=Count("pk"))
    return {group["report_state"]: group["n"] for group in grouped}
