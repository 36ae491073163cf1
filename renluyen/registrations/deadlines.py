"""The registration deadline and its extensions (IV.1 Step 1; program settings)."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Extension


def last_day(enrollment: Enrollment, extensions: list | None = None) -> date:
    """The last day this member may first submit: the day before the program's "due
    before" date, or the latest extension's day when the committee granted one.
    `extensions`: the member's extensions newest first, when already fetched."""
    if extensions is not None:
        extension = extensions[0] if extensions else None
    else:
        extension = enrollment.extensions.order_by("-granted_at", "-pk").first()
    if extension is not None:
        return extension.until
    return enrollment.program.registration_deadline - timedelta(days=1)


def last_days(program, enrollment_ids) -> dict[int, date]:
    """{enrollment id: last day} for many members of `program` at once (as `last_day`):
    one query for the extensions."""
    days = dict.fromkeys(enrollment_ids, program.registration_deadline - timedelta(days=1))
    latest = Extension.objects.filter(enrollment__program=program).order_by(
        "enrollment_id", "-granted_at", "-pk"
    )
    seen = set()
    for enrollment_id, until in latest.values_list("enrollment_id", "until"):
        if enrollment_id in days and enrollment_id not in seen:
            seen.add(enrollment_id)
            days[enrollment_id] = until
    return days


def due_before(enrollment: Enrollment) -> date:
    """The deadline as every page says it, "before" that day (the seed's phrasing): the
    program's date, or the day after an extension's last day."""
    return last_day(enrollment) + timedelta(days=1)


def submission_problem(
    enrollment: Enrollment,
    today: date | None = None,
    *,
    committee: bool = False,
    extensions: list | None = None,
) -> str | None:
    """Why a first submission is refused today, or None when it is on time. Said to the
    member, or (typing in a paper form) to the committee, which grants extensions.
    `extensions`: as for `last_day`, when already fetched."""
    today = today or timezone.localdate()
    last = last_day(enrollment, extensions)
    if today <= last:
        return None
    day = date_format(last + timedelta(days=1), "SHORT_DATE_FORMAT")
    if committee:
        return _(
            "The registration deadline (before %(day)s) has passed. Grant %(name)s an "
            "extension on the review page first, then submit the form."
        ) % {"day": day, "name": enrollment.member.full_name}
    return _(
        "The registration deadline (before %(day)s) has passed. Ask your branch committee "
        "for an extension."
    ) % {"day": day}
