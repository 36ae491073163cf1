"""The activity catalog (IV.1 Step 1): what units organise, for members to register.

"The branch committee keeps a catalog of the branch's and the upper levels' activities for
members to choose from": a branch committee, a federation committee or the base Union's
standing committee adds activities organised by a unit it manages; members beneath that
unit may put them on their form. Who may manage which unit is the policy's
(Action.MANAGE_ACTIVITIES); what an activity must be is decided here.
"""

from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.activities.models import Activity
from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, own_member, scope, units_with
from renluyen.organizations.models import Level, Unit
from renluyen.programs.catalog import catalog_changed
from renluyen.programs.models import Criterion, Enrollment, Program, ProgramStatus
from renluyen.programs.services import parse_school_year

# (form field or None, message): lets a form show a problem next to its field.
Problem = tuple[str | None, str]


def available_to(enrollment):
    """Activities a member may put on their form: those of the program organised by their
    branch (that year) or by any unit above it."""
    return Activity.objects.filter(
        program=enrollment.program, unit__path__in=enrollment.branch.ancestor_paths()
    ).select_related("unit", "area")


def visible_to(user, program: Program):
    """The catalog `user` sees for `program`: what their own form may take (as a member),
    and, for a role holder, the activities organised within their reach or above it."""
    activities = Activity.objects.filter(program=program)
    if user.is_superuser:
        return activities
    condition = Q(pk__in=[])
    above: set[str] = set()
    for top in units_with(user, Action.VIEW_UNIT):
        condition |= Q(unit__path__startswith=top.path)
        above.update(top.ancestor_paths())
    member = own_member(user)
    if member is not None:
        for enrollment in Enrollment.objects.filter(program=program, member=member).select_related(
            "branch"
        ):
            above.update(enrollment.branch.ancestor_paths())
    if above:
        condition |= Q(unit__path__in=above)
    return activities.filter(condition)


def catalog(user, program: Program):
    """`visible_to` with what the list page shows, in a fixed number of queries."""
    criteria = Criterion.objects.select_related("area").order_by("area__number", "order", "code")
    return (
        visible_to(user, program)
        .select_related("unit", "area")
        .prefetch_related(Prefetch("criteria", queryset=criteria))
        .order_by("starts_on", "title", "pk")
    )


def organising_units(user, program: Program):
    """The units `user` may add activities for in `program`: those they manage that lie
    in the program's base Union, or above it (an upper-level Union's activity is open to
    its members too). Sub-branches are left out: members register with their branch."""
    line = Q(path__startswith=program.unit.path) | Q(path__in=program.unit.ancestor_paths())
    return (
        scope(user, Action.MANAGE_ACTIVITIES)
        .filter(line)
        .exclude(level=Level.SUBBRANCH)
        .order_by("path")
    )


def uses(activity: Activity) -> int:
    """How many members' forms carry this activity."""
    return activity.item_set.count()


def activity_problems(
    *,
    program: Program,
    unit: Unit | None,
    area,
    criteria,
    title: str,
    starts_on,
    ends_on,
) -> list[Problem]:
    """An activity has a title, an area and related criteria of its program, a first day
    within the school year and an optional last day not before it, and is organised by a
    unit of the program's base Union or above it."""
    problems: list[Problem] = []
    if not (title or "").strip():
        problems.append(("title", _("Enter the activity's title.")))
    if area is not None and area.program_id != program.pk:
        problems.append(("area", _("Pick a content area of this program.")))
    if any(c.area.program_id != program.pk for c in criteria or ()):
        problems.append(("criteria", _("Pick criteria of this program.")))
    if unit is not None and (
        unit.level == Level.SUBBRANCH
        or not (unit.is_within(program.unit) or program.unit.is_within(unit))
    ):
        problems.append(("unit", _("Pick a unit of this program's base Union or above it.")))
    if starts_on is not None:
        first, last = parse_school_year(program.school_year)
        if starts_on.year not in (first, last):
            problems.append(
                (
                    "starts_on",
                    _("Pick a date in school year %(year)s (in %(first)s or %(last)s).")
                    % {"year": program.school_year, "first": first, "last": last},
                )
            )
        if ends_on is not None and ends_on < starts_on:
            problems.append(("ends_on", _("The last day cannot be before the first day.")))
    return problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise DomainError(problems[0][1], problems=[message for _field, message in problems])


def _refuse_closed(program: Program) -> None:
    if program.status == ProgramStatus.CLOSED:
        raise DomainError(_("The program is closed; its activity catalog can no longer change."))


def _snapshot(activity: Activity, criteria) -> dict:
    """The activity's fields as JSON for the audit log."""
    return {
        "title": activity.title,
        "description": activity.description,
        "organising_unit": activity.unit_id,
        "area": activity.area.number,
        "criteria": sorted(c.code for c in criteria),
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
    }


def _clean(values: dict) -> dict:
    values = dict(values)
    values["title"] = values["title"].strip()
    values["description"] = (values.get("description") or "").strip()
    values["criteria"] = list(values.get("criteria") or [])
    values.setdefault("ends_on", None)
    return values


@transaction.atomic
def activity_create(*, program: Program, user, **values) -> Activity:
    """Add an activity to the program's catalog. `values`: unit, area, criteria, title,
    description, starts_on, ends_on."""
    values = _clean(values)
    _refuse_closed(program)
    _refuse(activity_problems(program=program, **_checked(values)))
    criteria = values.pop("criteria")
    activity = Activity.objects.create(program=program, created_by=user, **values)
    activity.criteria.set(criteria)
    record(
        actor=user,
        verb="activity.create",
        obj=activity,
        unit=activity.unit,
        program=program.pk,
        **_snapshot(activity, criteria),
    )
    catalog_changed(program)
    return activity


def _checked(values: dict) -> dict:
    return {
        key: values.get(key)
        for key in ("unit", "area", "criteria", "title", "starts_on", "ends_on")
    }


@transaction.atomic
def activity_update(*, activity: Activity, user, **values) -> Activity:
    """Edit an activity. Once members have put it on their form, its area and organising
    unit stay as they are: their forms count it in that area, for the members beneath
    that unit."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("program__unit", "unit", "area")
        .get(pk=activity.pk)
    )
    program = activity.program
    values = _clean(values)
    _refuse_closed(program)
    _refuse(activity_problems(program=program, **_checked(values)))
    used = uses(activity)
    if used and (values["area"] != activity.area or values["unit"] != activity.unit):
        raise DomainError(
            ngettext(
                "%(n)s member has this activity on their form, so its area and organising "
                "unit cannot change.",
                "%(n)s members have this activity on their form, so its area and organising "
                "unit cannot change.",
                used,
            )
            % {"n": used}
        )
    before = _snapshot(activity, activity.criteria.all())
    criteria = values.pop("criteria")
    for field, value in values.items():
        setattr(activity, field, value)
    activity.save()
    activity.criteria.set(criteria)
    after = _snapshot(activity, criteria)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record(
            actor=user,
            verb="activity.update",
            obj=activity,
            unit=activity.unit,
            program=program.pk,
            changes=changes,
        )
    catalog_changed(program)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user) -> None:
    """Delete an activity nobody has put on their form yet."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("program", "unit", "area")
        .get(pk=activity.pk)
    )
    _refuse_closed(activity.program)
    used = uses(activity)
    if used:
        raise DomainError(_in_use_message(used))
    record(
        actor=user,
        verb="activity.delete",
        obj=activity,
        unit=activity.unit,
        program=activity.program_id,
        **_snapshot(activity, activity.criteria.all()),
    )
    catalog_changed(activity.program)
    try:
        activity.delete()
    except ProtectedError:
        # Put on a form between the count and the delete.
        raise DomainError(_in_use_message(uses(activity))) from None


def _in_use_message(used: int) -> str:
    return ngettext(
        "%(n)s member has this activity on their form, so it cannot be deleted. Edit it instead.",
        "%(n)s members have this activity on their form, so it cannot be deleted. Edit it instead.",
        used,
    ) % {"n": used}
