"""The emulation ranking as an xlsx, every unit of the level (not one page)."""

from django.utils.translation import gettext as _

from renluyen.dashboards import xlsx
from renluyen.dashboards.figures import Scope
from renluyen.emulation import ranking


def _columns():
    return [
        (_("Rank"), 7),
        (_("Unit"), 40),
        (_("Unit above"), 34),
        (_("Members"), 10),
        (_("Registered on time"), 12),
        (_("Registered on time (%)"), 12),
        (_("Hoàn thành tốt or above"), 12),
        (_("Hoàn thành tốt or above (%)"), 12),
        (_("Reports due"), 10),
        (_("Reports on time"), 10),
        (_("Reports on time (%)"), 12),
        (_("Indicator"), 10),
    ]


def _rows(scope: Scope, level: str):
    if level == "branch":
        entries = (ranking.ranked_branch(row) for row in ranking.branches(scope).iterator(2000))
    else:
        entries = iter(ranking.groups(scope, level))
    for r in entries:
        yield [
            r.rank,
            r.name,
            r.parent,
            r.members,
            r.on_time,
            r.on_time_share,
            r.good,
            r.good_share,
            r.reports_due,
            r.reports_on_time,
            r.report_share,
            r.indicator,
        ]


def ranking_export(scope: Scope, level: str):
    weights = ranking.weights_of(scope.program) if scope.program else None
    subtitle = (
        _("Weights: registered on time %(a)s, Hoàn thành tốt or above %(b)s, report on time %(c)s")
        % {"a": weights.on_time, "b": weights.good, "c": weights.report}
        if weights
        else _("Each base Union's own weights")
    )
    return xlsx.write(
        sheet_title=_("Ranking"),
        title=_("Emulation ranking: %(level)s — %(unit)s")
        % {"level": ranking.LEVELS[level], "unit": scope.unit.name},
        subtitle=subtitle,
        columns=_columns(),
        rows=_rows(scope, level),
    )


def filename(scope: Scope, level: str) -> str:
    return xlsx.filename(f"thi-dua-{level}", scope.unit, scope.programs[0].school_year)
