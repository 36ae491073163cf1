"""The emulation indicator (seed V.1) and the ranking of units at each level.

A unit's indicator, from 0 to 100, weighs three shares by the program's weights:
members registered on time, members at Hoàn thành tốt or above, and reporting units
(the branch itself; for a federation or base Union every branch and federation under it
and the federation itself) whose result report reached the office on time. Figures come
from the roll-ups: branches are ranked in SQL (a national list of 30,000 branches is
paged, never loaded), federations and base Unions are grouped in SQL and sorted here.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Rank
from django.utils.translation import gettext_lazy as _

from renluyen.dashboards.figures import Scope
from renluyen.emulation.models import DEFAULT_WEIGHTS, EmulationWeights
from renluyen.organizations.models import Level, Unit
from renluyen.reports.models import Report

LEVELS = {
    "base": _("Base Unions"),
    "federation": _("Branch federations"),
    "branch": _("Branches"),
}


@dataclass(frozen=True)
class Weights:
    on_time: int
    good: int
    report: int

    @property
    def total(self) -> int:
        return self.on_time + self.good + self.report

    def indicator(self, on_time: float, good: float, report: float) -> float:
        if not self.total:
            return 0.0
        value = self.on_time * on_time + self.good * good + self.report * report
        return round(100 * value / self.total, 1)


def weights_of(program) -> Weights:
    stored = EmulationWeights.objects.filter(program=program).first()
    values = (
        {"on_time": stored.on_time, "good": stored.good, "report": stored.report}
        if stored
        else DEFAULT_WEIGHTS
    )
    return Weights(**values)


def levels_for(unit: Unit) -> list[str]:
    """The levels whose units can be ranked under `unit`."""
    if unit.level == Level.UPPER:
        return ["base", "federation", "branch"]
    if unit.level == Level.BASE:
        return ["federation", "branch"]
    if unit.level == Level.FEDERATION:
        return ["branch"]
    return []


@dataclass
class Ranked:
    rank: int
    unit_id: int
    name: str
    parent: str
    members: int
    on_time: int
    good: int
    reports_due: int
    reports_on_time: int
    indicator: float

    def _share(self, count: int, whole: int) -> float:
        return round(100 * count / whole, 1) if whole else 0.0

    @property
    def on_time_share(self) -> float:
        return self._share(self.on_time, self.members)

    @property
    def good_share(self) -> float:
        return self._share(self.good, self.members)

    @property
    def report_share(self) -> float:
        return self._share(self.reports_on_time, self.reports_due)


def _on_time_reports(program_ids):
    return Report.objects.filter(
        program__in=program_ids,
        first_submitted_at__isnull=False,
        first_submitted_at__date__lt=F("program__report_deadline"),
    )


def _weight(name: str):
    return Cast(
        Coalesce(F(f"program__emulation__{name}"), Value(DEFAULT_WEIGHTS[name])), FloatField()
    )


def branches(scope: Scope):
    """Every branch with members in the scope, ranked, as a queryset of roll-up rows
    annotated with `on_time_share`, `good_share`, `report_on_time`, `indicator` and `rank`."""
    reported = _on_time_reports([p.pk for p in scope.programs]).filter(
        program=OuterRef("program"), unit=OuterRef("branch")
    )
    members = Cast(F("members"), FloatField())
    on_time, good, report = _weight("on_time"), _weight("good"), _weight("report")
    rows = (
        scope.rows()
        .filter(members__gt=0)
        .select_related("branch__parent", "program")
        .annotate(
            on_time_share=Cast(F("registered_on_time"), FloatField()) / members,
            good_share=Cast(F("excellent") + F("good"), FloatField()) / members,
            report_on_time=Case(
                When(Exists(reported), then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
        )
        .annotate(
            indicator=Value(100.0)
            * (on_time * F("on_time_share") + good * F("good_share") + report * F("report_on_time"))
            / NullIf(on_time + good + report, Value(0.0))
        )
        .annotate(rank=Window(expression=Rank(), order_by=F("indicator").desc()))
        .order_by("-indicator", "branch__name", "branch_id")
    )
    return rows


def ranked_branch(row) -> Ranked:
    """A Ranked entry from one annotated roll-up row of `branches`."""
    return Ranked(
        rank=row.rank,
        unit_id=row.branch_id,
        name=row.branch.name,
        parent=row.branch.parent.name if row.branch.parent else "",
        members=row.members,
        on_time=row.registered_on_time,
        good=row.excellent + row.good,
        reports_due=1,
        reports_on_time=int(row.report_on_time),
        indicator=round((row.indicator or 0.0), 1),
    )


def groups(scope: Scope, level: str) -> list[Ranked]:
    """Federations or base Unions in the scope, ranked: four grouped queries."""
    program_ids = [p.pk for p in scope.programs]
    weights = {p.pk: weights_of_default(p) for p in scope.programs}
    for stored in EmulationWeights.objects.filter(program__in=program_ids):
        weights[stored.program_id] = Weights(stored.on_time, stored.good, stored.report)
    # Aliased apart from the field names, which the filter refers to.
    sums = {
        "n_members": Coalesce(Sum("members"), 0),
        "n_on_time": Coalesce(Sum("registered_on_time"), 0),
        "n_good": Coalesce(Sum(F("excellent") + F("good")), 0),
        "n_branches": Count("pk", filter=Q(members__gt=0)),
    }
    rows = scope.rows()
    reports = _on_time_reports(program_ids)
    if level == "base":
        key, name, parent = "program__unit_id", "program__unit__name", "program__unit__parent__name"
        grouped = rows.values(key, name, parent, "program_id").annotate(**sums)
        on_time = dict(
            reports.values_list("program__unit_id")
            .annotate(n=Count("pk"))
            .values_list("program__unit_id", "n")
        )
        federations = dict(
            Unit.objects.filter(
                level=Level.FEDERATION, parent_id__in=[p.unit_id for p in scope.programs]
            )
            .values_list("parent_id")
            .annotate(n=Count("pk"))
            .values_list("parent_id", "n")
        )
    else:
        key, name, parent = (
            "branch__parent_id",
            "branch__parent__name",
            "branch__parent__parent__name",
        )
        grouped = (
            rows.filter(branch__parent__level=Level.FEDERATION)
            .values(key, name, parent, "program_id")
            .annotate(**sums)
        )
        owner = Case(
            When(unit__level=Level.FEDERATION, then=F("unit_id")),
            default=F("unit__parent_id"),
            output_field=IntegerField(),
        )
        on_time = dict(
            reports.filter(
                Q(unit__level=Level.FEDERATION) | Q(unit__parent__level=Level.FEDERATION)
            )
            .annotate(owner=owner)
            .values("owner")
            .annotate(n=Count("pk"))
            .values_list("owner", "n")
        )
        federations = None
    if scope.unit.level != Level.UPPER:
        grouped = grouped.filter(branch__path__startswith=scope.unit.path)
    out = []
    for group in grouped.order_by():
        unit_id = group[key]
        members = group["n_members"]
        due = group["n_branches"] + (federations.get(unit_id, 0) if federations is not None else 1)
        reported = on_time.get(unit_id, 0)
        w = weights[group["program_id"]]
        indicator = w.indicator(
            group["n_on_time"] / members if members else 0.0,
            group["n_good"] / members if members else 0.0,
            reported / due if due else 0.0,
        )
        out.append(
            Ranked(
                rank=0,
                unit_id=unit_id,
                name=group[name],
                parent=group[parent] or "",
                members=members,
                on_time=group["n_on_time"],
                good=group["n_good"],
                reports_due=due,
                reports_on_time=reported,
                indicator=indicator,
            )
        )
    out.sort(key=lambda r: (-r.indicator, r.name, r.unit_id))
    for index, row in enumerate(out):
        # Equal indicators share a rank (1, 2, 2, 4).
        row.rank = (
            out[index - 1].rank
            if index and row.indicator == out[index - 1].indicator
            else index + 1
        )
    return out


def weights_of_default(_program) -> Weights:
    return Weights(**DEFAULT_WEIGHTS)
