"""The exports of the year's end (xlsx, Vietnamese headers): every member's scores
criterion by criterion with their unit path; the unit summary; the units late on each
step. Each writes through dashboards/xlsx.py (write-only, formula-safe). The member
export of a large unit runs in the background (jobs.py); the others are one row per unit
and are written while the person waits."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from renluyen.dashboards import figures, xlsx
from renluyen.dashboards.models import COUNTS
from renluyen.evaluations.models import BranchState, Level, Reason
from renluyen.organizations.models import PATH_SEGMENT_WIDTH, PATH_SEP, Unit
from renluyen.organizations.models import Level as UnitLevel
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Item, ItemKind

SEGMENT = PATH_SEGMENT_WIDTH + len(PATH_SEP)
CHUNK = 1000


def inline_rows() -> int:
    """A member export of more rows than this is written in the background (about 2 s of
    writing; a setting so a small server can lower it)."""
    return settings.EXPORT_INLINE_ROWS


class UnitNames:
    """Unit paths as people read them ("Đoàn trường › Liên chi đoàn › Chi đoàn"), from
    the base Union down (or from the exported unit, above a base Union): one query."""

    def __init__(self, unit: Unit, top: Unit | None = None):
        top = top if top is not None and unit.is_within(top) else unit
        above = [p for p in unit.ancestor_paths() if p.startswith(top.path)]
        names = Unit.objects.filter(Q(path__in=above) | Q(path__startswith=unit.path))
        self.by_path = dict(names.values_list("path", "name"))

    def __call__(self, path: str) -> str:
        parts = [path[: i + SEGMENT] for i in range(0, len(path), SEGMENT)]
        return " › ".join(self.by_path[p] for p in parts if p in self.by_path)


# ---------------------------------------------------------------- members × criteria


def _member_columns():
    return [
        (_("Unit"), 48),
        (_("Member code"), 14),
        (_("Full name"), 26),
        (_("Area"), 7),
        (_("Criterion"), 50),
        (_("Self-score"), 10),
        (_("Branch score"), 10),
        (_("Total score"), 10),
        (_("Classification"), 22),
    ]


def _enrollments(program, unit):
    return Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)


def member_row_count(program, unit) -> int:
    """How many rows the member export has: one per confirmed criterion, one for each
    member without any. Two count queries."""
    enrollments = _enrollments(program, unit)
    items = Item.objects.filter(
        registration__enrollment__in=enrollments, confirmed_at__isnull=False
    ).count()
    without = enrollments.exclude(registration__items__confirmed_at__isnull=False).count()
    return items + without


def member_rows(program, unit):
    """One row per confirmed criterion of every member (a member without one gets a row
    of their own), branch by branch, members by name. One ordered query read in chunks
    (a server-side cursor on PostgreSQL), and for each thousand members one query for
    their criteria; plain tuples, labels translated once."""
    path_of = UnitNames(unit, program.unit)
    levels = {key: str(label) for key, label in Level.choices}
    not_evaluated = str(Reason.NOT_EVALUATED.label)
    enrollments = (
        _enrollments(program, unit)
        .order_by("branch__path", "member__full_name", "member__code", "pk")
        .values_list(
            "pk",
            "branch__path",
            "member__code",
            "member__full_name",
            "evaluation__total",
            "evaluation__level",
            "evaluation__reason",
        )
    )
    chunk = []
    for row in enrollments.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk, path_of, levels, not_evaluated)
            chunk = []
    yield from _chunk_rows(chunk, path_of, levels, not_evaluated)


def _chunk_rows(chunk, path_of, levels, not_evaluated):
    items = _items([row[0] for row in chunk]) if chunk else {}
    for pk, path, code, name, total, level, reason in chunk:
        unit_path = path_of(path)
        if level and reason != Reason.NOT_EVALUATED:
            result, complete = levels.get(level, level), True
        else:
            result, complete = (not_evaluated if level else ""), False
        for area, label, self_score, branch_score in items.get(pk) or [("", "", None, None)]:
            yield [
                unit_path,
                code,
                name,
                area,
                label,
                self_score,
                branch_score,
                total if complete else None,
                result,
            ]


def _items(enrollment_ids) -> dict[int, list[tuple]]:
    """The confirmed criteria of these enrollments with their scores, in form order."""
    rows = (
        Item.objects.filter(
            registration__enrollment_id__in=enrollment_ids, confirmed_at__isnull=False
        )
        .order_by("registration__enrollment_id", "area__number", "kind", "criterion__order", "pk")
        .values_list(
            "registration__enrollment_id",
            "area__number",
            "kind",
            "criterion__code",
            "criterion__text",
            "activity__title",
            "text",
            "score__self_score",
            "score__collective_score",
        )
    )
    out: dict[int, list[tuple]] = {}
    for enrollment_id, area, kind, code, text, activity, own, self_score, branch in rows:
        if kind == ItemKind.CRITERION:
            label = f"{code}. {text}"
        elif kind == ItemKind.ACTIVITY:
            label = activity
        else:
            label = own
        out.setdefault(enrollment_id, []).append((area, label, self_score, branch))
    return out


def members_export(program, unit, progress=None):
    title = _("Members' scores, criterion by criterion — %(unit)s") % {"unit": unit.name}
    return xlsx.write(
        sheet_title=_("Scores"),
        title=title,
        subtitle=_program_line(program),
        columns=_member_columns(),
        rows=member_rows(program, unit),
        progress=progress,
    )


def _program_line(program) -> str:
    return _("Program: %(name)s (%(year)s)") % {"name": program.name, "year": program.school_year}


# ---------------------------------------------------------------- the unit summary


def _summary_columns():
    return [
        (_("Level"), 16),
        (_("Unit"), 56),
        (_("Members"), 10),
        (_("Registered"), 11),
        (_("Registered on time"), 11),
        (_("Confirmed"), 11),
        (_("Mid-year self-review sent"), 11),
        (_("Had a check-in with the committee"), 11),
        (_("Self-evaluated"), 11),
        (_("Evaluated"), 11),
        *[(str(label), 12) for _key, label in Level.choices],
        (_("Not evaluated"), 11),
        (_("Registration rate (%)"), 12),
        (_("Evaluation rate (%)"), 12),
        (_("Results"), 22),
    ]


def summary_rows(scope: figures.Scope):
    """Every federation and branch under the scope's unit (and base Union, above one),
    each with its summed figures: one query for the branch rows, one for the names."""
    unit = scope.unit
    path_of = UnitNames(unit, _base(scope))
    states = {key: str(label) for key, label in BranchState.choices}
    levels = dict(UnitLevel.choices)
    totals: dict[str, dict] = {}
    kinds: dict[str, str] = {}
    branch_states: dict[str, str] = {}
    rows = scope.rows().values_list("branch__path", "branch__level", "results_state", *COUNTS)
    for path, level, state, *counts in rows.iterator(chunk_size=5000):
        kinds[path] = level
        branch_states[path] = state
        # The branch's counts go to it and to every unit above it up to the scope's unit.
        for end in range(len(unit.path), len(path) + 1, SEGMENT):
            bucket = totals.setdefault(path[:end], dict.fromkeys(COUNTS, 0))
            for name, value in zip(COUNTS, counts, strict=True):
                bucket[name] += value
    listed = (
        Unit.objects.filter(path__in=list(totals)).order_by("path").values_list("path", "level")
    )
    for path, level in listed:
        counts = totals[path]
        members = counts["members"]
        yield [
            str(levels.get(level, level)),
            path_of(path),
            *[counts[name] for name in COUNTS],
            members - counts["evaluated"],
            _rate(counts["registered"], members),
            _rate(counts["evaluated"], members),
            states.get(branch_states.get(path, ""), "") if level == UnitLevel.BRANCH else "",
        ]


def _base(scope: figures.Scope) -> Unit:
    """The unit running the scope's program, or the scope's unit above several."""
    return scope.program.unit if scope.program is not None else scope.unit


def _rate(count: int, whole: int):
    return round(100 * count / whole, 1) if whole else None


def summary_export(scope: figures.Scope):
    return xlsx.write(
        sheet_title=_("Units"),
        title=_("Figures by unit — %(unit)s") % {"unit": scope.unit.name},
        subtitle=_scope_line(scope),
        columns=_summary_columns(),
        rows=summary_rows(scope),
    )


def _scope_line(scope: figures.Scope) -> str:
    if scope.program is not None:
        return _program_line(scope.program)
    return _("School year %(year)s, %(n)s programs") % {
        "year": scope.programs[0].school_year,
        "n": len(scope.programs),
    }


# ---------------------------------------------------------------- units late on each step


def _late_columns():
    return [
        (_("Step"), 26),
        (_("Unit"), 56),
        (_("Due before"), 12),
        (_("Members"), 10),
        (_("Registered"), 11),
        (_("Evaluated"), 11),
        (_("Results"), 22),
        (_("Report"), 22),
    ]


def late_rows(scope: figures.Scope):
    from renluyen.reports import queries as report_queries
    from renluyen.reports.views.office import STATE_LABELS

    path_of = UnitNames(scope.unit, _base(scope))
    states = {key: str(label) for key, label in BranchState.choices}
    labels = {key: str(label) for key, (label, _attr) in figures.STEPS.items()}
    for step in ("registration", "evaluation"):
        attr = figures.STEPS[step][1]
        for row in figures.late_rows(scope, step).iterator(chunk_size=2000):
            yield [
                labels[step],
                path_of(row.branch.path),
                getattr(row.program, attr),
                row.members,
                row.registered,
                row.evaluated,
                states.get(row.results_state, ""),
                "",
            ]
    by_program = {p.unit.path: p for p in scope.programs}
    for unit in report_queries.late_units(scope).iterator(chunk_size=2000):
        program = next((p for path, p in by_program.items() if unit.path.startswith(path)), None)
        yield [
            labels["report"],
            path_of(unit.path),
            program.report_deadline if program else None,
            None,
            None,
            None,
            "",
            str(STATE_LABELS.get(unit.report_state, unit.report_state)),
        ]


def late_export(scope: figures.Scope):
    return xlsx.write(
        sheet_title=_("Late units"),
        title=_("Units late on each step — %(unit)s") % {"unit": scope.unit.name},
        subtitle=_scope_line(scope),
        columns=_late_columns(),
        rows=late_rows(scope),
    )
