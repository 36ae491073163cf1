"""Taking part in activities (IV.1 Step 2: units run activities so members can do what
they registered): members sign up; attendance is recorded by the organiser's checklist,
by a check-in code members scan or type during the activity, or from the two-part paper
slips typed in afterwards (DOMAIN.md "Attendance slips"). Attendance is evidence under the
criteria the activity relates to (progress.evidence).

Who organises is the policy's (Action.MANAGE_ACTIVITIES on the organising unit); a member
takes part in an activity organised by their branch of that year or a unit above it.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.activities.models import Activity, AttendanceMethod, Participation
from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.programs.models import Enrollment, ProgramStatus

# Letters and digits nobody confuses when reading them aloud or off a screen: no 0/O,
# 1/I/L. A check-in code is 6 of them (30^6 ≈ 729 million), a slip code 8.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ2345679"
CHECKIN_LENGTH = 6
SLIP_LENGTH = 8


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(text: str) -> str:
    """What a person typed, as a code: capitals, without spaces and dashes."""
    return re.sub(r"[\s\-_.]", "", (text or "")).upper()


def slip_display(code: str) -> str:
    """ABCD-EFGH: easier to read off paper and to type."""
    return f"{code[:4]}-{code[4:]}" if code and len(code) == SLIP_LENGTH else code


def last_day(activity: Activity) -> date:
    return activity.ends_on or activity.starts_on


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def is_eligible(activity: Activity, enrollment: Enrollment) -> bool:
    """Members beneath the organising unit (their branch of that year) take part."""
    return enrollment.program_id == activity.program_id and enrollment.branch.is_within(
        activity.unit
    )


def enrollment_for(member, activity: Activity) -> Enrollment | None:
    """The member's enrollment in the activity's program, when they may take part."""
    if member is None:
        return None
    enrollment = (
        Enrollment.objects.filter(program_id=activity.program_id, member=member)
        .select_related("branch", "program", "member")
        .first()
    )
    return enrollment if enrollment and is_eligible(activity, enrollment) else None


def _lock(enrollment: Enrollment) -> Enrollment:
    """Lock the member's year: one member's sign-up and check-ins run one at a time."""
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


def _participation(activity, enrollment) -> Participation:
    participation, _created = Participation.objects.get_or_create(
        activity=activity, enrollment=enrollment
    )
    return participation


def _refuse_closed(activity: Activity) -> None:
    if activity.program.status != ProgramStatus.OPEN:
        raise DomainError(_("This program is not open."))


# ---------------------------------------------------------------- signing up


@transaction.atomic
def sign_up(*, activity: Activity, enrollment: Enrollment, user) -> Participation:
    """The member says they will take part; possible until the activity's last day."""
    _refuse_closed(activity)
    if not is_eligible(activity, enrollment):
        raise DomainError(_("This activity is for members of another unit."))
    if timezone.localdate() > last_day(activity):
        raise DomainError(_("This activity is over; signing up is closed."))
    _lock(enrollment)
    participation = _participation(activity, enrollment)
    if participation.signed_up_at is None:
        participation.signed_up_at = timezone.now()
        participation.save(update_fields=["signed_up_at"])
        record(
            actor=user,
            verb="activity.sign_up",
            obj=activity,
            unit=enrollment.branch,
            enrollment=enrollment.pk,
        )
    return participation


@transaction.atomic
def sign_up_cancel(*, activity: Activity, enrollment: Enrollment, user) -> None:
    """The member withdraws before attending."""
    _lock(enrollment)
    participation = Participation.objects.filter(activity=activity, enrollment=enrollment).first()
    if participation is None or participation.signed_up_at is None:
        return
    if participation.attended_at is not None:
        raise DomainError(_("Your attendance is already recorded; it cannot be withdrawn."))
    if participation.slip_code:
        participation.signed_up_at = None
        participation.save(update_fields=["signed_up_at"])
    else:
        participation.delete()
    record(
        actor=user,
        verb="activity.sign_up_cancel",
        obj=activity,
        unit=enrollment.branch,
        enrollment=enrollment.pk,
    )


# ---------------------------------------------------------------- the check-in code


def window_problem(activity: Activity, today: date | None = None) -> str | None:
    """Attendance is taken on the activity's days only (from its first to its last)."""
    today = today or timezone.localdate()
    if today < activity.starts_on:
        return _("Check-in opens on %(day)s, the first day of the activity.") % {
            "day": _day(activity.starts_on)
        }
    if today > last_day(activity):
        return _("Check-in closed on %(day)s, the last day of the activity.") % {
            "day": _day(last_day(activity))
        }
    return None


@transaction.atomic
def checkin_code_new(*, activity: Activity, user) -> Activity:
    """Give the activity a new check-in code (the old one stops working)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for _attempt in range(10):
        code = new_code(CHECKIN_LENGTH)
        if not Activity.objects.filter(checkin_code=code).exists():
            break
    activity.checkin_code = code
    activity.save(update_fields=["checkin_code"])
    record(actor=user, verb="activity.checkin_code", obj=activity, unit=activity.unit)
    return activity


@transaction.atomic
def check_in(*, code: str, member, user) -> Participation:
    """The member checks in with the code shown during the activity: valid only on the
    activity's days, once per member."""
    code = normalize_code(code)
    activity = None
    if len(code) == CHECKIN_LENGTH:
        activity = (
            Activity.objects.select_related("program", "unit").filter(checkin_code=code).first()
        )
    if activity is None:
        raise DomainError(_("No activity has this check-in code. Check the code and try again."))
    _refuse_closed(activity)
    problem = window_problem(activity)
    if problem:
        raise DomainError(problem)
    enrollment = enrollment_for(member, activity)
    if enrollment is None:
        raise DomainError(_("This activity is for members of another unit."))
    _lock(enrollment)
    participation = _participation(activity, enrollment)
    if participation.attended_at is not None:
        raise DomainError(
            _("You already checked in to “%(title)s” on %(when)s.")
            % {
                "title": activity.title,
                "when": date_format(
                    timezone.localtime(participation.attended_at), "SHORT_DATETIME_FORMAT"
                ),
            }
        )
    participation.attended_at = timezone.now()
    participation.method = AttendanceMethod.CODE
    participation.recorded_by = user
    participation.save(update_fields=["attended_at", "method", "recorded_by"])
    record(
        actor=user,
        verb="activity.check_in",
        obj=activity,
        unit=enrollment.branch,
        enrollment=enrollment.pk,
    )
    return participation


# ---------------------------------------------------------------- the organiser's checklist


def roster(activity: Activity):
    """Everyone signed up or recorded, by name."""
    return (
        Participation.objects.filter(activity=activity)
        .select_related("enrollment__member", "enrollment__branch", "recorded_by")
        .order_by("enrollment__member__full_name", "enrollment__member__code")
    )


def _refuse_before(activity: Activity) -> None:
    if timezone.localdate() < activity.starts_on:
        raise DomainError(
            _("Attendance can be recorded from %(day)s, the first day of the activity.")
            % {"day": _day(activity.starts_on)}
        )


@transaction.atomic
def attendance_set(*, activity: Activity, user, present: set[int]) -> tuple[int, int]:
    """The organiser's checklist: the participations in `present` (ids) attended, the
    others of the roster did not. Returns (recorded, removed)."""
    activity = Activity.objects.select_for_update().select_related("program").get(pk=activity.pk)
    _refuse_closed(activity)
    _refuse_before(activity)
    now = timezone.now()
    added, removed = [], []
    for participation in roster(activity).select_for_update(of=("self",)):
        attended = participation.pk in present
        if attended and participation.attended_at is None:
            participation.attended_at, participation.method = now, AttendanceMethod.CHECKLIST
            participation.recorded_by = user
            added.append(participation)
        elif not attended and participation.attended_at is not None:
            participation.attended_at, participation.method = None, ""
            participation.recorded_by = user
            removed.append(participation)
    Participation.objects.bulk_update(added + removed, ["attended_at", "method", "recorded_by"])
    if added or removed:
        record(
            actor=user,
            verb="activity.attendance",
            obj=activity,
            unit=activity.unit,
            added=[p.enrollment_id for p in added],
            removed=[p.enrollment_id for p in removed],
        )
    return len(added), len(removed)


@dataclass
class AddResult:
    recorded: list = field(default_factory=list)  # Participations newly marked present
    already: list = field(default_factory=list)  # recorded present before
    unknown: list = field(default_factory=list)  # codes of no member who may take part


@transaction.atomic
def attendance_add(*, activity: Activity, user, text: str) -> AddResult:
    """The organiser ticks members who came without signing up, by member code: each
    member of the program beneath the organising unit is recorded present once; other
    codes are named in the result."""
    activity = (
        Activity.objects.select_for_update().select_related("program", "unit").get(pk=activity.pk)
    )
    _refuse_closed(activity)
    _refuse_before(activity)
    codes = list(dict.fromkeys(t.strip() for t in re.split(r"[\s,;]+", text or "") if t.strip()))
    if len(codes) > 2000:
        raise DomainError(_("At most 2,000 codes at a time."))
    enrollments = {
        e.member.code.casefold(): e
        for e in Enrollment.objects.filter(
            program_id=activity.program_id,
            member__code__in=codes + [c.upper() for c in codes],
            branch__path__startswith=activity.unit.path,
        ).select_related("member")
    }
    existing = {
        p.enrollment_id: p
        for p in Participation.objects.select_for_update().filter(
            activity=activity, enrollment__in=list(enrollments.values())
        )
    }
    result = AddResult()
    now = timezone.now()
    for code in codes:
        enrollment = enrollments.get(code.casefold())
        if enrollment is None:
            result.unknown.append(code)
            continue
        participation = existing.get(enrollment.pk)
        if participation is None:
            participation = Participation.objects.create(activity=activity, enrollment=enrollment)
            existing[enrollment.pk] = participation
        elif participation.attended_at is not None:
            if participation not in result.already and participation not in result.recorded:
                result.already.append(participation)
            continue
        participation.attended_at, participation.method = now, AttendanceMethod.CHECKLIST
        participation.recorded_by = user
        participation.save(update_fields=["attended_at", "method", "recorded_by"])
        result.recorded.append(participation)
    if result.recorded:
        record(
            actor=user,
            verb="activity.attendance",
            obj=activity,
            unit=activity.unit,
            added=[p.enrollment_id for p in result.recorded],
            removed=[],
        )
    return result


# ---------------------------------------------------------------- paper slips


@transaction.atomic
def slips_issue(*, activity: Activity, user) -> int:
    """Give every member signed up a slip code (those who have one keep it); returns how
    many were new."""
    activity = Activity.objects.select_for_update().select_related("program").get(pk=activity.pk)
    _refuse_closed(activity)
    missing = list(
        Participation.objects.filter(activity=activity, slip_code__isnull=True).select_for_update()
    )
    for participation in missing:
        while True:
            code = new_code(SLIP_LENGTH)
            try:
                with transaction.atomic():
                    Participation.objects.filter(pk=participation.pk).update(slip_code=code)
                break
            except IntegrityError:  # the same code twice: draw again
                continue
    if missing:
        record(actor=user, verb="activity.slips", obj=activity, unit=activity.unit, n=len(missing))
    return len(missing)


@dataclass
class SlipResult:
    recorded: list = field(default_factory=list)  # Participations newly marked attended
    already: list = field(default_factory=list)  # (code, Participation) typed in before
    repeated: list = field(default_factory=list)  # codes typed more than once this time
    unknown: list = field(default_factory=list)  # codes of no slip of this activity


@transaction.atomic
def slips_enter(*, activity: Activity, user, text: str) -> SlipResult:
    """Type in the school's parts of the slips after the activity: every code of a slip
    of this activity records that member's attendance once; codes unknown, repeated in
    what was typed, or typed in before are named in the result."""
    activity = Activity.objects.select_for_update().select_related("program").get(pk=activity.pk)
    _refuse_closed(activity)
    _refuse_before(activity)
    result = SlipResult()
    seen: list[str] = []
    for token in re.split(r"[\s,;]+", text or ""):
        code = normalize_code(token)
        if not code:
            continue
        if code in seen:
            if code not in result.repeated:
                result.repeated.append(code)
            continue
        seen.append(code)
    if len(seen) > 2000:
        raise DomainError(_("At most 2,000 codes at a time."))
    slips = {
        p.slip_code: p
        for p in Participation.objects.filter(activity=activity, slip_code__in=seen)
        .select_related("enrollment__member")
        .select_for_update(of=("self",))
    }
    now = timezone.now()
    for code in seen:
        participation = slips.get(code)
        if participation is None:
            result.unknown.append(code)
        elif participation.attended_at is not None:
            result.already.append((code, participation))
        else:
            participation.attended_at, participation.method = now, AttendanceMethod.SLIP
            participation.recorded_by = user
            result.recorded.append(participation)
    Participation.objects.bulk_update(result.recorded, ["attended_at", "method", "recorded_by"])
    if result.recorded:
        record(
            actor=user,
            verb="activity.slips_enter",
            obj=activity,
            unit=activity.unit,
            added=[p.enrollment_id for p in result.recorded],
            unknown=result.unknown,
            repeated=result.repeated,
        )
    return result
