"""Transfers (chuyển sinh hoạt Đoàn, issue 9 item 5).

Within the base Union a member moves to another branch, and their enrollment of the
current year (open programs) moves with them: the form, its scores and its history hang
on the enrollment, so they follow. Both branches see the move in their history, and the
form's history says it too.

A recognized year is history: an enrollment whose branch's results are recognized stays
where it is (the member's later years start in the new branch). While a branch's results
are on their way up (finalized or forwarded) no member moves in or out of it: the branch
takes its results back first. Out of the base Union the member's status becomes
"transferred", with the receiving unit's name and the date; nothing of their years moves.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, may_in_unit
from renluyen.core.text import clean, too_long
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member, MemberStatus

# Results on their way up: nobody moves in or out until the branch takes them back.
ON_THE_WAY_UP = ("finalized", "forwarded")
RECOGNIZED = "recognized"


@dataclass
class Transfer:
    member: Member
    moved: list = field(default_factory=list)  # enrollments that moved
    kept: list = field(default_factory=list)  # enrollments of recognized years, kept


def base_union_of(unit: Unit) -> Unit | None:
    return unit.ancestors().filter(level=Level.BASE).last()


def _states(program_ids, branch_ids) -> dict:
    """{(program, branch): state} of the branches' results, rows locked so a finalize
    or a recognition waits for the transfer (and the other way round)."""
    from renluyen.evaluations.models import BranchEvaluation

    rows = BranchEvaluation.objects.select_for_update().filter(
        program_id__in=program_ids, branch_id__in=branch_ids
    )
    return {(be.program_id, be.branch_id): be.state for be in rows}


def locked_problem(state: str | None, branch: Unit, program) -> str | None:
    if state in ON_THE_WAY_UP:
        return _(
            "The results of %(branch)s for %(program)s have been sent up; no member can move "
            "in or out until the branch takes them back."
        ) % {"branch": branch.name, "program": program.name}
    return None


def _check(user, member: Member) -> None:
    if not may_in_unit(user, Action.TRANSFER_MEMBERS, member.branch):
        raise DomainError(
            _("You may not transfer members of %(unit)s.") % {"unit": member.branch.name}
        )
    if member.status != MemberStatus.ACTIVE:
        raise DomainError(
            _("%(name)s is not an active member here (%(status)s).")
            % {"name": member.full_name, "status": member.get_status_display()}
        )


@transaction.atomic
def member_transfer(*, member: Member, user, to_branch: Unit, on: date | None = None) -> Transfer:
    """Move `member` to `to_branch` of the same base Union (see the module docstring)."""
    from renluyen.dashboards import rollups
    from renluyen.programs.models import Enrollment, ProgramStatus

    member = (
        Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=member.pk)
    )
    _check(user, member)
    on = on or timezone.localdate()
    source = member.branch
    to_branch = Unit.objects.get(pk=to_branch.pk)
    base = base_union_of(source)
    if to_branch.level != Level.BRANCH or base is None or not to_branch.is_within(base):
        raise DomainError(_("Pick a branch of %(base)s.") % {"base": base.name if base else ""})
    if to_branch.pk == source.pk:
        raise DomainError(
            _("%(name)s is already in %(branch)s.")
            % {"name": member.full_name, "branch": source.name}
        )
    if to_branch.is_closed:
        raise DomainError(_("%(unit)s is closed.") % {"unit": to_branch.name})
    enrollments = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(member=member, program__status=ProgramStatus.OPEN)
        .select_related("program", "branch")
    )
    states = _states(
        [e.program_id for e in enrollments], [e.branch_id for e in enrollments] + [to_branch.pk]
    )
    result = Transfer(member=member)
    for enrollment in enrollments:
        here = states.get((enrollment.program_id, enrollment.branch_id))
        there = states.get((enrollment.program_id, to_branch.pk))
        if here == RECOGNIZED:
            result.kept.append(enrollment)
            continue
        problem = locked_problem(here, enrollment.branch, enrollment.program) or (
            locked_problem(there, to_branch, enrollment.program)
            if there != RECOGNIZED
            else _(
                "The results of %(branch)s for %(program)s are recognized; no member can "
                "join it in that year."
            )
            % {"branch": to_branch.name, "program": enrollment.program.name}
        )
        if problem:
            raise DomainError(problem)
        result.moved.append(enrollment)
    for enrollment in result.moved:
        old = enrollment.branch
        enrollment.branch, enrollment.group = to_branch, None
        enrollment.save(update_fields=["branch", "group"])
        rollups.refresh_branches(program=enrollment.program, branch_ids=[old.pk, to_branch.pk])
        record(
            actor=user,
            verb="registration.transfer",
            obj=enrollment,
            unit=to_branch,
            screen="transfer",
            from_branch=old.name,
            to_branch=to_branch.name,
            on=on.isoformat(),
        )
    member.branch = to_branch
    member.save(update_fields=["branch", "updated_at"])
    data = {
        "member": member.full_name,
        "code": member.code,
        "from_branch": source.name,
        "to_branch": to_branch.name,
        "on": on.isoformat(),
        "moved": [e.program.school_year for e in result.moved],
        "kept": [e.program.school_year for e in result.kept],
    }
    record(actor=user, verb="member.transfer_out", obj=member, unit=source, **data)
    record(actor=user, verb="member.transfer_in", obj=member, unit=to_branch, **data)
    return result


@transaction.atomic
def member_transfer_away(*, member: Member, user, to_unit: str, on: date | None = None) -> Member:
    """Transfer `member` out of the base Union to `to_unit` (a name: the receiving unit is
    in another system). Their status becomes "transferred"; their years stay here."""
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=member.pk)
    )
    _check(user, member)
    to_unit = clean(to_unit)
    if not to_unit:
        raise DomainError(_("Write the name of the receiving Union unit."))
    if problem := too_long(to_unit, 200):
        raise DomainError(problem)
    on = on or timezone.localdate()
    member.status = MemberStatus.TRANSFERRED
    member.transferred_to = to_unit
    member.transferred_on = on
    member.save(update_fields=["status", "transferred_to", "transferred_on", "updated_at"])
    record(
        actor=user,
        verb="member.transfer_away",
        obj=member,
        unit=member.branch,
        member=member.full_name,
        code=member.code,
        to_branch=to_unit,
        on=on.isoformat(),
    )
    return member
