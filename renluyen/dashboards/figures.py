"""The figures every dashboard, report and ranking shows, summed from the roll-ups
(`BranchFigures`) by unit path: a fixed number of aggregate queries whatever the number
of members or units below."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.dashboards.models import COUNTS, LEVEL_COUNTS, BranchFigures, BranchWeek
from renluyen.evaluations.models import BranchState, Level
from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP, Unit
from renluyen.organizations.models import Level as UnitLevel
from renluyen.programs.models import Program

SEGMENT = PATH_SEGMENT_WIDTH + len(PATH_SEP)
# Results that left the branch: it has done its part of the evaluation.
FINAL_STATES = [BranchState.FINALIZED, BranchState.FORWARDED, BranchState.RECOGNIZED]
LEVEL_LABELS = dict(zip(LEVEL_COUNTS, [label for _key, label in Level.choices], strict=True))

# The steps a unit can be late on, with the program's deadline of each.
STEPS = {
    "registration": (_("Registration"), "registration_deadline"),
    "evaluation": (_("Evaluation"), "evaluation_deadline"),
    "report": (_("Report to the Union office"), "report_deadline"),
}


@dataclass
class Figures:
    """The counts of a unit (or of all units in view, `unit` None) and its late branches."""

    unit: Unit | None = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    branches: int = 0  # branches (with members) counted
    late: dict = field(default_factory=lambda: dict.fromkeys(STEPS, 0))

    def share(self, name: str) -> float:
        """`name` as a percentage of the members (0 when there are none)."""
        members = self.counts["members"]
        return round(100 * self.counts[name] / members, 1) if members else 0.0

    @property
    def not_evaluated(self) -> int:
        return self.counts["members"] - self.counts["evaluated"]

    @property
    def good_or_better(self) -> int:
        return self.counts["excellent"] + self.counts["good"]

    @property
    def rates(self) -> list[tuple]:
        """(key, label, count, percentage) of the steps, in the order of the year."""
        return [
            (key, label, self.counts[key], self.share(key))
            for key, label in (
                ("registered", _("Registered")),
                ("registered_on_time", _("Registered on time")),
                ("confirmed", _("Confirmed")),
                ("self_reviewed", _("Mid-year self-review sent")),
                ("checked_in", _("Had a check-in with the committee")),
                ("self_evaluated", _("Self-evaluated")),
                ("evaluated", _("Evaluated")),
            )
        ]

    @property
    def levels(self) -> list[tuple]:
        """(key, label, count, share of the members evaluated) for the four levels."""
        evaluated = self.counts["evaluated"]
        return [
            (
                key,
                LEVEL_LABELS[key],
                self.counts[key],
                round(100 * self.counts[key] / evaluated, 1) if evaluated else 0.0,
            )
            for key in LEVEL_COUNTS
        ]


# ---------------------------------------------------------------- which rows


@dataclass
class Scope:
    """What a dashboard sums: the roll-up rows of one program under a unit, or (above a
    base Union) of every program of one school year run by the base Unions under it."""

    unit: Unit
    programs: list  # one program for a base Union and below
    today: date

    @property
    def program(self) -> Program | None:
        return self.programs[0] if len(self.programs) == 1 else None

    def rows(self):
        rows = BranchFigures.objects.filter(program__in=[p.pk for p in self.programs])
        if self.unit.level != UnitLevel.UPPER:
            rows = rows.filter(branch__path__startswith=self.unit.path)
        return rows

    def weeks(self):
        weeks = BranchWeek.objects.filter(program__in=[p.pk for p in self.programs])
        if self.unit.level != UnitLevel.UPPER:
            weeks = weeks.filter(branch__path__startswith=self.unit.path)
        return weeks


def _sums(today: date) -> dict:
    """Aggregates over roll-up rows: the counts, the branches with members, and the
    branches late on registration and evaluation (each against its program's dates)."""
    # Aliased apart from the field names, which the filters below refer to.
    sums = {f"sum_{name}": Coalesce(Sum(name), 0) for name in COUNTS}
    sums["branches"] = Count("pk", filter=Q(members__gt=0))
    sums["late_registration"] = Count(
        "pk",
        filter=Q(program__registration_deadline__lte=today, registered__lt=F("members")),
    )
    sums["late_evaluation"] = Count(
        "pk",
        filter=Q(program__evaluation_deadline__lte=today, members__gt=0)
        & ~Q(results_state__in=FINAL_STATES),
    )
    return sums


def _figures(unit, values: dict) -> Figures:
    figures = Figures(unit=unit)
    for name in COUNTS:
        figures.counts[name] = values.get(f"sum_{name}") or 0
    figures.branches = values.get("branches") or 0
    figures.late["registration"] = values.get("late_registration") or 0
    figures.late["evaluation"] = values.get("late_evaluation") or 0
    return figures


def total(scope: Scope) -> Figures:
    """The unit's figures: one aggregate query."""
    return _figures(scope.unit, scope.rows().aggregate(**_sums(scope.today)))


def by_child(scope: Scope) -> list[Figures]:
    """One Figures per unit directly below the unit (every child, with figures or not),
    in name order: one grouped query and one for the children."""
    unit = scope.unit
    children = list(
        Unit.objects.filter(parent=unit).exclude(level=UnitLevel.SUBBRANCH).order_by("name")
    )
    length = len(unit.path) + SEGMENT
    grouped = (
        scope.rows()
        .annotate(child=Substr("branch__path", 1, length))
        .order_by()
        .values("child")
        .annotate(**_sums(scope.today))
    )
    by_path = {group.pop("child"): group for group in grouped}
    return [_figures(child, by_path.get(child.path, {})) for child in children]


def late_rows(scope: Scope, step: str):
    """The roll-up rows (branches) late on `step`, with their branch, in tree order."""
    rows = scope.rows().select_related("branch__parent", "program")
    if step == "registration":
        rows = rows.filter(
            program__registration_deadline__lte=scope.today, registered__lt=F("members")
        )
    elif step == "evaluation":
        rows = rows.filter(program__evaluation_deadline__lte=scope.today, members__gt=0).exclude(
            results_state__in=FINAL_STATES
        )
    else:
        return rows.none()
    return rows.order_by("branch__path")


# ---------------------------------------------------------------- over the year


@dataclass
class Point:
    week: date
    values: dict  # key -> cumulative count
    shares: dict  # key -> cumulative percentage of the members


LINE_KEYS = ["registered", "confirmed", "self_evaluated"]


def progress(scope: Scope, members: int) -> list[Point]:
    """The cumulative count of members at each step, week by week: one grouped query."""
    grouped = (
        scope.weeks()
        .order_by("week")
        .values("week")
        .annotate(**{key: Sum(key) for key in LINE_KEYS})
    )
    points, running = [], dict.fromkeys(LINE_KEYS, 0)
    for group in grouped:
        for key in LINE_KEYS:
            running[key] += group[key] or 0
        shares = {
            key: round(100 * running[key] / members, 1) if members else 0.0 for key in LINE_KEYS
        }
        points.append(Point(group["week"], dict(running), shares))
    return points


# ---------------------------------------------------------------- deadlines


@dataclass
class Deadline:
    key: str
    label: str
    due: date  # "due before" this day
    days_left: int  # days left including today; 0 or less once passed

    @property
    def last_day(self) -> date:
        return self.due - timedelta(days=1)

    @property
    def passed(self) -> bool:
        return self.days_left <= 0


def deadlines(program: Program, today: date | None = None) -> list[Deadline]:
    today = today or timezone.localdate()
    return [
        Deadline(key, label, getattr(program, attr), (getattr(program, attr) - today).days)
        for key, (label, attr) in STEPS.items()
    ]
