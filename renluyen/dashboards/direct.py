"""The same figures counted straight from the raw tables, with no roll-up: what the tests
compare the roll-ups and the dashboards with, and the plain GROUP BY the benchmark times
the upper-level dashboard against. Written apart from rollups.py on purpose (the date
of a first submission is compared in local time here, against a local midnight there),
so that the two agree because both are right, not because they share code."""

from django.db.models import Count, Exists, F, OuterRef, Q

from renluyen.evaluations.models import Level, Reason, SelfState
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import State
from renluyen.support.models import Checkin

CONFIRMED = [
    State.CONFIRMED,
    State.SUPPLEMENT_DRAFT,
    State.SUPPLEMENT_SUBMITTED,
    State.SUPPLEMENT_RETURNED,
]
LEVELS = {
    "excellent": Level.EXCELLENT,
    "good": Level.GOOD,
    "completed": Level.COMPLETED,
    "not_completed": Level.NOT_COMPLETED,
}


def _with_checkins(enrollments):
    return enrollments.annotate(
        any_checkin=Exists(Checkin.objects.filter(enrollment_id=OuterRef("id")))
    )


def _counts() -> dict:
    complete = Q(evaluation__level__gt="") & (
        Q(evaluation__reason="")
        | Q(evaluation__reason__in=[Reason.NOT_REGISTERED, Reason.BELOW_THRESHOLD])
    )
    counts = {
        "members": Count("id"),
        "registered": Count("id", filter=Q(registration__first_submitted_at__isnull=False)),
        "registered_on_time": Count(
            "id",
            filter=Q(
                registration__first_submitted_at__date__lt=F("program__registration_deadline")
            ),
        ),
        "confirmed": Count("id", filter=Q(registration__state__in=CONFIRMED)),
        "self_reviewed": Count("id", filter=Q(self_review__submitted_at__isnull=False)),
        "checked_in": Count("id", filter=Q(any_checkin=True)),
        "self_evaluated": Count("id", filter=Q(evaluation__self_state=SelfState.SUBMITTED)),
        "evaluated": Count("id", filter=complete),
    }
    for name, level in LEVELS.items():
        counts[name] = Count("id", filter=complete & Q(evaluation__level=level))
    return counts


def by_branch(program) -> dict[int, dict]:
    """branch id -> counts, for one program."""
    rows = (
        _with_checkins(Enrollment.objects.filter(program=program))
        .order_by()
        .values("branch_id")
        .annotate(**_counts())
    )
    return {row.pop("branch_id"): row for row in rows}


def by_base_union(programs) -> dict[int, dict]:
    """base Union (the unit running the program) -> counts: one GROUP BY over the
    enrollments of `programs` joined to their forms and evaluations."""
    rows = (
        _with_checkins(Enrollment.objects.filter(program__in=[p.pk for p in programs]))
        .order_by()
        .values("program__unit_id")
        .annotate(**_counts())
    )
    return {row.pop("program__unit_id"): row for row in rows}
