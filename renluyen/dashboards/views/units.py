"""The dashboard of a unit at any level (seed I.2, V; DOMAIN "Workflow" 6): how far its
members have come at each step, the four levels, the deadlines, the units late on each
step, charts with their tables, and the way down to the units below and their members.

Every figure is summed from the roll-ups in a fixed number of queries: the page costs the
same for a branch of 50 and an upper-level Union of 1.5 million members.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from renluyen.core.access import get_unit
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can
from renluyen.dashboards import charts, figures
from renluyen.dashboards.views.choice import query_of, scope_for
from renluyen.evaluations.models import BranchState
from renluyen.organizations.models import Level
from renluyen.programs.models import Enrollment
from renluyen.reports import queries as report_queries

BRANCH_LEVELS = {Level.BRANCH, Level.SUBBRANCH}
CHILDREN_PER_PAGE = 30

RATE_SERIES = [
    ("registered", charts.COLOURS[0]),
    ("confirmed", charts.COLOURS[1]),
    ("evaluated", charts.COLOURS[2]),
]
LEVEL_COLOURS = [charts.COLOURS[2], charts.COLOURS[0], charts.COLOURS[1], charts.COLOURS[4]]


def _trail(user, unit):
    """The units above that the user may open, top first: one query."""
    return [u for u in unit.ancestors() if u.pk != unit.pk and can(user, Action.VIEW_UNIT, u)]


@login_required
def dashboard(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    scope, context = scope_for(request, unit)
    context.update(unit=unit, trail=_trail(request.user, unit), scope=scope)
    if scope is None:
        return render(request, "dashboards/dashboard.html", context)
    total = figures.total(scope)
    total.late["report"] = report_queries.late_count(scope)
    user = request.user
    deadlines = figures.deadlines(scope.program, scope.today) if scope.program else []
    reporting = unit.level in report_queries.REPORTING_LEVELS and scope.program is not None
    context.update(
        total=total,
        query=query_of(scope, context),
        deadlines=[(d, total.late[d.key]) for d in deadlines],
        line=_line(scope, total),
        level_total_chart=_level_chart(total),
        steps=[(key, label, total.late[key]) for key, (label, _attr) in figures.STEPS.items()],
        report_link=reporting,
        may_write_report=reporting and can(user, Action.WRITE_REPORT, unit),
        reports_below=unit.level in (Level.BASE, Level.FEDERATION) and scope.program is not None,
        may_inspections=can(user, Action.VIEW_INSPECTIONS, unit)
        or can(user, Action.ANSWER_INSPECTION, unit),
        is_branch=unit.level in BRANCH_LEVELS,
    )
    if unit.level in BRANCH_LEVELS:
        context["members"] = _members(request, scope)
    else:
        context.update(_children(request, scope))
    return render(request, "dashboards/dashboard.html", context)


def _children(request, scope) -> dict:
    """The units directly below, a page at a time, with the charts of that page."""
    rows = figures.by_child(scope)
    page = Paginator(rows, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    rate_series = [
        charts.Series(label, colour)
        for (key, colour), label in zip(
            RATE_SERIES, [_("Registered"), _("Confirmed"), _("Evaluated")], strict=True
        )
    ]
    level_series = _level_series()
    return {
        "children_page": page,
        "children": shown,
        "rate_chart": charts.bars(
            _("Share of members at each step, by unit"),
            [(row.unit.name, [row.share(key) for key, _c in RATE_SERIES]) for row in shown],
            rate_series,
        )
        if shown
        else "",
        "level_chart": charts.stacked(
            _("Members by level, by unit"),
            [
                (row.unit.name, [n for _k, _l, n, _s in row.levels] + [row.not_evaluated])
                for row in shown
            ],
            level_series,
        )
        if shown
        else "",
    }


def _level_series() -> list:
    return [
        charts.Series(label, colour)
        for (_key, label, _n, _s), colour in zip(
            figures.Figures().levels, LEVEL_COLOURS, strict=True
        )
    ] + [charts.Series(_("Not evaluated"), charts.COLOURS[5])]


def _level_chart(total):
    counts = [n for _k, _l, n, _s in total.levels] + [total.not_evaluated]
    if not any(counts):
        return ""
    return charts.stacked(_("Members by level"), [(total.unit.name, counts)], _level_series())


def _line(scope, total) -> dict:
    points = figures.progress(scope, total.counts["members"])
    series = [
        charts.Series(_("Registered"), charts.COLOURS[0]),
        charts.Series(_("Confirmed"), charts.COLOURS[1]),
        charts.Series(_("Self-evaluated"), charts.COLOURS[3]),
    ]
    marks = []
    if scope.program is not None:
        marks = [(d.due, str(d.label)) for d in figures.deadlines(scope.program, scope.today)]
    chart = charts.line(
        _("Members at each step over the year (share of all members)"),
        [p.week for p in points],
        [[p.shares[key] for p in points] for key in figures.LINE_KEYS],
        series,
        marks,
    )
    return {"points": points, "chart": chart if points else ""}


def _members(request, scope):
    """The branch's members with where each stands: one page of 50, three queries."""
    enrollments = (
        Enrollment.objects.filter(program=scope.program, branch__path__startswith=scope.unit.path)
        .select_related("member", "registration", "evaluation")
        .order_by("member__full_name", "member__code")
    )
    return paginate(request, enrollments)


@login_required
def late(request, unit, step):
    """The branches below the unit late on one step, 50 a page (a school-wide or national
    list is paged, never drawn whole)."""
    unit = get_unit(request.user, unit, Action.VIEW_UNIT)
    if step not in figures.STEPS:
        raise Http404
    scope, context = scope_for(request, unit)
    context.update(unit=unit, trail=_trail(request.user, unit), scope=scope, step=step)
    context["step_label"] = figures.STEPS[step][0]
    if scope is not None:
        context["query"] = query_of(scope, context)
        if step == "report":
            context["page"] = paginate(request, report_queries.late_units(scope))
            context["report_step"] = True
        else:
            context["page"] = page = paginate(request, figures.late_rows(scope, step))
            labels = dict(BranchState.choices)
            for row in page:
                row.results_label = labels.get(row.results_state, _("Not finalized"))
    return render(request, "dashboards/late.html", context)


urlpatterns = [
    path("unit/<id:unit>/", dashboard, name="unit"),
    path("unit/<id:unit>/late/<str:step>/", late, name="late"),
]
