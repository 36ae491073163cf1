"""The roll-ups: per branch and program, the counts every page above a branch reads.

What each count means (the same definitions as `direct.py`, which counts them from the
raw tables and is what the tests and the benchmark compare the roll-ups with):

- members: enrollments of the program in the branch;
- registered: forms submitted at least once (a returned or withdrawn form still was);
- registered_on_time: of those, first submitted before the program's registration
  deadline ("due before", local time; an extension gives the member more time but the
  branch's registration still finished late);
- confirmed: forms confirmed by the branch committee (an addition under way included);
- self_reviewed: six-monthly self-reviews sent (IV.1 Step 3, the progress app);
- checked_in: members the committee (or their mentor) has had at least one check-in
  exchange with (IV.1 Step 2, the support app's rounds);
- self_evaluated: self-evaluations submitted;
- evaluated, and per level: members with a stored result that is complete, i.e. every
  confirmed criterion scored by the branch, or classified Không hoàn thành at finalize
  for not having registered. A member left unscored stays "not evaluated", before and
  after the branch finalizes (their stored reason says so);
- results_state: the branch's results on their way up ("" before the first step).

And for the registration overview and the results pages (PAGE_COUNTS, which the
dashboards do not show):

- draft, awaiting, returned: forms in that state (State.DRAFT, SUBMITTED, RETURNED);
  with `confirmed` they split the registered forms, and "not registered" is the rest of
  `members`;
- additions: confirmed forms whose addition waits for the committee
  (SUPPLEMENT_SUBMITTED, also counted in `confirmed`);
- not_evaluated: members whose stored result is Không hoàn thành for want of scores
  (the results pages count them with `not_completed`).

The weekly rows count, per Monday, the members whose form was first submitted, first
confirmed (the earliest confirmation of one of its criteria, which later additions do
not move) and whose self-evaluation was submitted that week.

`refresh_branch` is called once at the end of every service that changes these figures
(every change of a form's state, from its first save on; the self-review, a check-in
round, self-evaluation, the branch's scores and accepting, finalize and each later step
of the results, imports, transfers, the new year's enrollment, new thresholds), inside
the service's transaction, so a page reading them shows the same figures as a count of
the raw rows right after the save. It locks the branch's row first, so two services
changing one branch at once refresh one after the other and the second counts what the
first committed.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from renluyen.dashboards.models import STORED, BranchFigures, BranchWeek
from renluyen.evaluations.models import BranchEvaluation, Level, Reason, SelfState
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.models import Item, State
from renluyen.registrations.transitions import CONFIRMED_STATES
from renluyen.support.models import Checkin

# A result is complete unless it waits for scores (Reason.NOT_EVALUATED).
COMPLETE_REASONS = ["", Reason.NOT_REGISTERED, Reason.BELOW_THRESHOLD]
FORM_STATES = {
    "draft": State.DRAFT,
    "awaiting": State.SUBMITTED,
    "returned": State.RETURNED,
    "additions": State.SUPPLEMENT_SUBMITTED,
}
LEVEL_FIELDS = {
    "excellent": Level.EXCELLENT,
    "good": Level.GOOD,
    "completed": Level.COMPLETED,
    "not_completed": Level.NOT_COMPLETED,
}


def on_time_before(program: Program) -> datetime:
    """The moment registration is due: local midnight of the "due before" day."""
    day = program.registration_deadline
    return timezone.make_aware(datetime.combine(day, time.min))


def counts_by_branch(enrollments, program: Program):
    """The STORED counts of `enrollments`, grouped by branch: one query."""
    had_checkin = Exists(Checkin.objects.filter(enrollment=OuterRef("pk")))
    return (
        enrollments.annotate(had_checkin=had_checkin)
        .order_by()
        .values("branch_id")
        .annotate(**aggregates(program))
    )


def aggregates(program: Program) -> dict:
    """The STORED counts as aggregate expressions over the program's enrollments (annotated
    with `had_checkin` by `counts_by_branch`)."""
    complete = Q(evaluation__reason__in=COMPLETE_REASONS)
    result = {
        "members": Count("pk"),
        "registered": Count("registration__first_submitted_at"),
        "registered_on_time": Count(
            "pk", filter=Q(registration__first_submitted_at__lt=on_time_before(program))
        ),
        "confirmed": Count("pk", filter=Q(registration__state__in=sorted(CONFIRMED_STATES))),
        "self_reviewed": Count("pk", filter=Q(self_review__submitted_at__isnull=False)),
        "checked_in": Count("pk", filter=Q(had_checkin=True)),
        "self_evaluated": Count("pk", filter=Q(evaluation__self_state=SelfState.SUBMITTED)),
        "evaluated": Count(
            "pk", filter=complete & Q(evaluation__level__in=list(LEVEL_FIELDS.values()))
        ),
    }
    for name, level in LEVEL_FIELDS.items():
        result[name] = Count("pk", filter=complete & Q(evaluation__level=level))
    for name, state in FORM_STATES.items():
        result[name] = Count("pk", filter=Q(registration__state=state))
    result["not_evaluated"] = Count(
        "pk",
        filter=Q(evaluation__level=Level.NOT_COMPLETED, evaluation__reason=Reason.NOT_EVALUATED),
    )
    return result


def refresh_branch(*, program: Program, branch) -> None:
    """Make the branch's roll-up rows equal to its raw counts (see the module docstring)."""
    _refresh(program, [branch.pk])


def refresh_branches(*, program: Program, branch_ids) -> None:
    """The same for several branches of one program at once (imports, transfers)."""
    ids = sorted(set(branch_ids))
    if ids:
        _refresh(program, ids)


def refresh_program(*, program: Program) -> None:
    """Every branch of the program, e.g. after its registration deadline moved."""
    _refresh(program, None)


def rebuild() -> int:
    """Every program's roll-ups from scratch (the `refresh_figures` command, the demo);
    returns the number of programs."""
    programs = list(Program.objects.all())
    for program in programs:
        refresh_program(program=program)
    return len(programs)


@transaction.atomic
def _refresh(program: Program, branch_ids: list[int] | None) -> None:
    enrollments = Enrollment.objects.filter(program=program)
    states = BranchEvaluation.objects.filter(program=program)
    rows = BranchFigures.objects.filter(program=program)
    weeks = BranchWeek.objects.filter(program=program)
    if branch_ids is not None:
        enrollments = enrollments.filter(branch_id__in=branch_ids)
        states = states.filter(branch_id__in=branch_ids)
        rows = rows.filter(branch_id__in=branch_ids)
        weeks = weeks.filter(branch_id__in=branch_ids)
    existing = _locked_rows(program, rows, branch_ids)
    counted = {group.pop("branch_id"): group for group in counts_by_branch(enrollments, program)}
    results = dict(states.values_list("branch_id", "state"))
    wanted = set(counted) | set(results) | set(branch_ids or ())
    now = timezone.now()
    changed, created = [], []
    for branch_id in sorted(wanted):
        values = {**dict.fromkeys(STORED, 0), **counted.get(branch_id, {})}
        values["results_state"] = results.get(branch_id, "")
        row = existing.get(branch_id) or BranchFigures(program=program, branch_id=branch_id)
        if row.pk and all(getattr(row, name) == value for name, value in values.items()):
            continue  # nothing changed for this branch (a score that kept the level)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
        (changed if row.pk else created).append(row)
    fields = [*STORED, "results_state", "updated_at"]
    if len(changed) == 1:
        changed[0].save(update_fields=fields)
    else:
        BranchFigures.objects.bulk_update(changed, fields, batch_size=500)
    BranchFigures.objects.bulk_create(created, batch_size=500)
    if branch_ids is None:
        # Rows of branches that no longer have members nor results (everyone moved away).
        rows.exclude(branch_id__in=wanted).delete()
    _write_weeks(program, weeks, _weeks(program, enrollments))


def _locked_rows(program: Program, rows, branch_ids) -> dict:
    """The branches' rows, locked: a concurrent refresh of the same branch waits here and
    counts after this one committed. A missing row is made first (once a year)."""
    existing = {row.branch_id: row for row in rows.select_for_update().order_by("branch_id")}
    missing = [pk for pk in branch_ids or () if pk not in existing]
    if missing:
        BranchFigures.objects.bulk_create(
            [BranchFigures(program=program, branch_id=pk) for pk in missing],
            ignore_conflicts=True,
        )
        made = rows.filter(branch_id__in=missing).select_for_update().order_by("branch_id")
        existing.update({row.branch_id: row for row in made})
    return existing


def _write_weeks(program: Program, weeks, new: list) -> None:
    """Write only the weeks that changed: most services change none."""
    steps = ("registered", "confirmed", "self_evaluated")
    old = {(w.branch_id, w.week): w for w in weeks}
    fresh = {(w.branch_id, w.week): w for w in new}
    gone = [w.pk for key, w in old.items() if key not in fresh]
    if gone:
        BranchWeek.objects.filter(pk__in=gone).delete()
    update = []
    for key, week in fresh.items():
        stored = old.get(key)
        if stored is not None and any(getattr(stored, s) != getattr(week, s) for s in steps):
            for step in steps:
                setattr(stored, step, getattr(week, step))
            update.append(stored)
    BranchWeek.objects.bulk_update(update, list(steps), batch_size=1000)
    BranchWeek.objects.bulk_create(
        [week for key, week in fresh.items() if key not in old], batch_size=1000
    )


def _weeks(program: Program, enrollments) -> list[BranchWeek]:
    """Count each member's steps by the Monday of their week, in local time: two plain
    queries (the members' dates; the first confirmation of each form, grouped), no
    correlated subquery whose plan could go wrong."""
    rows = enrollments.order_by().values_list(
        "pk",
        "branch_id",
        "registration__first_submitted_at",
        "registration__state",
        "evaluation__self_state",
        "evaluation__self_submitted_at",
    )
    first_confirmed = dict(
        Item.objects.filter(
            registration__enrollment__in=enrollments.values("pk"), confirmed_at__isnull=False
        )
        .order_by()
        .values_list("registration__enrollment_id")
        .annotate(first=Min("confirmed_at"))
        .values_list("registration__enrollment_id", "first")
    )
    counts: dict[tuple, list[int]] = {}
    for pk, branch_id, submitted, state, self_state, self_submitted in rows:
        confirmed = first_confirmed.get(pk)
        steps = (
            submitted,
            confirmed if state in CONFIRMED_STATES else None,
            self_submitted if self_state == SelfState.SUBMITTED else None,
        )
        for index, moment in enumerate(steps):
            if moment is not None:
                key = (branch_id, monday(moment))
                counts.setdefault(key, [0, 0, 0])[index] += 1
    return [
        BranchWeek(
            program=program,
            branch_id=branch_id,
            week=week,
            registered=values[0],
            confirmed=values[1],
            self_evaluated=values[2],
        )
        for (branch_id, week), values in sorted(counts.items())
    ]


def monday(moment) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())
