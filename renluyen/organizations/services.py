"""Workflow steps on the organisation: roles (issue 9 items 2-3) and units (item 4).

Roles: who may grant which role where is the policy's (`core.policy.grantable_roles`);
each grant, end and handover is one audited step, shown in the unit's history. A term is
a RoleAssignment with `starts_on` and `ends_on` (the last day, inclusive); an ended term
stays as history. Handing a role over (the yearly branch congress) ends the old holder's
term the day before the new one's starts, in one transaction.

Units: the Union office or the standing committee creates units (a new intake's branches)
and closes branches (a class that graduated: its remaining members leave, nothing is
deleted, and a new program enrolls nobody in it).
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, grantable_roles, may_in_unit
from renluyen.core.templatetags.people import person_name
from renluyen.core.text import clean, too_long
from renluyen.organizations.models import ALLOWED_CHILDREN, Level, Role, RoleAssignment, Unit


def person_label(user) -> str:
    return person_name(user)


def _check_grant(user, unit: Unit, role: str) -> None:
    if role not in grantable_roles(user, unit):
        raise DomainError(
            _("You may not grant or end the role “%(role)s” in %(unit)s.")
            % {"role": Role(role).label, "unit": unit.name}
        )


def _locked_unit(unit: Unit) -> Unit:
    """The unit's row, locked: grants, ends and handovers in one unit take turns."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _open_term(holder, unit: Unit, role: str, on: date):
    """The holder's term of `role` in `unit` that is open on `on` or later, if any."""
    return (
        RoleAssignment.objects.filter(user=holder, unit=unit, role=role)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .first()
    )


def _create(unit: Unit, role: str, holder, starts_on: date) -> RoleAssignment:
    if _open_term(holder, unit, role, starts_on) is not None:
        raise DomainError(
            _("%(person)s already holds the role “%(role)s” in %(unit)s.")
            % {"person": person_label(holder), "role": Role(role).label, "unit": unit.name}
        )
    try:
        with transaction.atomic():
            return RoleAssignment.objects.create(
                user=holder, unit=unit, role=role, starts_on=starts_on
            )
    except IntegrityError as error:  # a twin request got there first
        raise DomainError(
            _("%(person)s already holds the role “%(role)s” in %(unit)s.")
            % {"person": person_label(holder), "role": Role(role).label, "unit": unit.name}
        ) from error


@transaction.atomic
def role_grant(*, unit: Unit, role: str, holder, user, starts_on: date | None = None):
    """Give `holder` the role `role` in `unit` from `starts_on` (today by default)."""
    unit = _locked_unit(unit)
    _check_grant(user, unit, role)
    starts_on = starts_on or timezone.localdate()
    assignment = _create(unit, role, holder, starts_on)
    record(
        actor=user,
        verb="role.grant",
        obj=assignment,
        unit=unit,
        role=role,
        holder=person_label(holder),
        starts_on=starts_on.isoformat(),
    )
    return assignment


def _locked_assignment(assignment: RoleAssignment) -> RoleAssignment:
    return (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("unit", "user")
        .get(pk=assignment.pk)
    )


def _still_open(assignment: RoleAssignment, today: date) -> None:
    if assignment.ends_on is not None and assignment.ends_on < today:
        raise DomainError(
            _("This term already ended on %(day)s.")
            % {"day": assignment.ends_on.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def role_end(*, assignment: RoleAssignment, user) -> RoleAssignment:
    """End a term now: its last day is yesterday, so the rights go at once."""
    _locked_unit(assignment.unit)
    assignment = _locked_assignment(assignment)
    _check_grant(user, assignment.unit, assignment.role)
    today = timezone.localdate()
    _still_open(assignment, today)
    assignment.ends_on = today - timedelta(days=1)
    assignment.save(update_fields=["ends_on"])
    record(
        actor=user,
        verb="role.end",
        obj=assignment,
        unit=assignment.unit,
        role=assignment.role,
        holder=person_label(assignment.user),
        ends_on=assignment.ends_on.isoformat(),
    )
    return assignment


@transaction.atomic
def role_handover(*, assignment: RoleAssignment, to, user, on: date | None = None):
    """Hand a role over (the branch congress elects a new secretary): the old term's last
    day is the day before `on` (today by default), the new holder's term starts on `on`.
    Both in one step, so the unit is never left with two holders or none."""
    _locked_unit(assignment.unit)
    assignment = _locked_assignment(assignment)
    unit = assignment.unit
    _check_grant(user, unit, assignment.role)
    on = on or timezone.localdate()
    _still_open(assignment, on)
    if to.pk == assignment.user_id:
        raise DomainError(_("Pick the person who takes the role over, not its holder."))
    if assignment.starts_on is not None and assignment.starts_on > on:
        raise DomainError(_("The handover cannot be before the current term starts."))
    assignment.ends_on = on - timedelta(days=1)
    assignment.save(update_fields=["ends_on"])
    new = _create(unit, assignment.role, to, on)
    record(
        actor=user,
        verb="role.handover",
        obj=new,
        unit=unit,
        role=assignment.role,
        holder=person_label(to),
        previous=person_label(assignment.user),
        starts_on=on.isoformat(),
    )
    return new


# ---------------------------------------------------------------- units


def _check_units(user, unit: Unit) -> None:
    if not may_in_unit(user, Action.MANAGE_UNITS, unit):
        raise DomainError(_("You may not change the units of %(unit)s.") % {"unit": unit.name})


@transaction.atomic
def unit_create(*, parent: Unit, level: str, code: str, name: str, user) -> Unit:
    """A new unit under `parent` (a new intake's branch, a sub-branch)."""
    parent = _locked_unit(parent)
    _check_units(user, parent)
    if parent.is_closed:
        raise DomainError(_("%(unit)s is closed.") % {"unit": parent.name})
    if level not in Level.values:
        # A forged value ("²", garbage) is not a level: a message, not a ValueError (500).
        raise DomainError(_("Choose the level of the new unit from the list."))
    if level not in ALLOWED_CHILDREN[Level(parent.level)]:
        raise DomainError(
            _("A %(level)s cannot be created under %(parent)s.")
            % {"level": Level(level).label.lower(), "parent": parent.name}
        )
    code, name = clean(code), clean(name)
    problems = []
    if not code:
        problems.append(("code", _("Enter the unit's code.")))
    elif problem := too_long(code, 40):
        problems.append(("code", problem))
    elif Unit.objects.filter(code__iexact=code).exists():
        problems.append(
            ("code", _("Code %(code)s is already used by another unit.") % {"code": code})
        )
    if not name:
        problems.append(("name", _("Enter the unit's name.")))
    elif problem := too_long(name, 200):
        problems.append(("name", problem))
    if problems:
        raise DomainError(problems[0][1], problems=problems)
    unit = Unit.objects.create(level=level, code=code, name=name, parent=parent)
    record(actor=user, verb="unit.create", obj=unit, unit=parent, code=code, name=name)
    record(actor=user, verb="unit.create", obj=unit, unit=unit, code=code, name=name)
    return unit


def close_problem(unit: Unit) -> str | None:
    """Why `unit` cannot be closed now, or None: only a branch closes, and only once no
    open program still runs in it (its results recognized, or nobody enrolled)."""
    from renluyen.evaluations.models import BranchEvaluation, BranchState
    from renluyen.programs.models import Enrollment, ProgramStatus

    if unit.level != Level.BRANCH:
        return _("Only a branch can be closed.")
    if unit.is_closed:
        return _("%(unit)s is already closed.") % {"unit": unit.name}
    recognized = BranchEvaluation.objects.filter(branch=unit, state=BranchState.RECOGNIZED).values(
        "program_id"
    )
    running = (
        Enrollment.objects.filter(branch=unit, program__status=ProgramStatus.OPEN)
        .exclude(program_id__in=recognized)
        .select_related("program")
        .first()
    )
    if running is not None:
        return _(
            "%(unit)s is still in %(program)s: close it once the program is closed or the "
            "branch's results are recognized."
        ) % {"unit": unit.name, "program": running.program.name}
    return None


@transaction.atomic
def unit_close(*, unit: Unit, user) -> int:
    """Close a branch whose class graduated (issue 9 item 4): its active members are marked
    as left, the branch keeps its history, and no new program enrolls anyone in it.
    Returns how many members left."""
    from renluyen.people.models import Member, MemberStatus

    unit = _locked_unit(unit)
    _check_units(user, unit)
    problem = close_problem(unit)
    if problem:
        raise DomainError(problem)
    today = timezone.localdate()
    left = Member.objects.filter(branch=unit, status=MemberStatus.ACTIVE).update(
        status=MemberStatus.LEFT, updated_at=timezone.now()
    )
    unit.closed_on = today
    unit.save(update_fields=["closed_on"])
    # Its sub-branches close with it.
    Unit.objects.subtree(unit).filter(closed_on__isnull=True).update(closed_on=today)
    record(actor=user, verb="unit.close", obj=unit, unit=unit, members_left=left)
    if unit.parent_id:
        record(actor=user, verb="unit.close", obj=unit, unit=unit.parent, members_left=left)
    return left
