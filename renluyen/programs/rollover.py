"""A new school year (issue 9 item 4): every active member of the base Union is enrolled,
in their current branch, in the program of the year, when it opens (or with one action
before, after a preview of the counts per branch).

Not enrolled: members who left or were transferred, members of closed branches (a class
that graduated), and members already enrolled (their branch for that year is kept, so
enrolling twice changes nothing).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, may_in_unit
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member, MemberStatus
from renluyen.programs.models import Enrollment, Program, ProgramStatus

BATCH = 1000


def _open_branch(today) -> Q:
    return Q(branch__closed_on__isnull=True) | Q(branch__closed_on__gt=today)


def enrollable(program: Program):
    """The members `program_enroll` would enroll now."""
    today = timezone.localdate()
    return (
        Member.objects.filter(
            branch__path__startswith=program.unit.path,
            branch__level=Level.BRANCH,
            status=MemberStatus.ACTIVE,
        )
        .filter(_open_branch(today))
        .exclude(enrollments__program=program)
    )


@dataclass
class BranchRow:
    branch: Unit
    to_enroll: int = 0
    enrolled: int = 0


@dataclass
class Preview:
    rows: list[BranchRow] = field(default_factory=list)
    to_enroll: int = 0
    enrolled: int = 0
    left: int = 0
    transferred: int = 0
    in_closed: int = 0


def enrollment_preview(program: Program) -> Preview:
    """Counts per branch of who would be enrolled and who is already; and who is left out
    (left, transferred, in a closed branch). Five queries, whatever the size."""
    today = timezone.localdate()
    base = program.unit
    to_enroll = dict(
        enrollable(program).values("branch").annotate(n=Count("pk")).values_list("branch", "n")
    )
    enrolled = dict(
        Enrollment.objects.filter(program=program)
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    in_base = Member.objects.filter(branch__path__startswith=base.path)
    counts = in_base.aggregate(
        left=Count("pk", filter=Q(status=MemberStatus.LEFT)),
        transferred=Count("pk", filter=Q(status=MemberStatus.TRANSFERRED)),
        in_closed=Count("pk", filter=Q(status=MemberStatus.ACTIVE) & ~_open_branch(today)),
    )
    preview = Preview(**counts)
    branches = Unit.objects.subtree(base).filter(level=Level.BRANCH).order_by("path")
    for branch in branches.only("name", "code", "path", "closed_on", "level"):
        row = BranchRow(branch, to_enroll.get(branch.pk, 0), enrolled.get(branch.pk, 0))
        if row.to_enroll or row.enrolled or not branch.is_closed:
            preview.rows.append(row)
        preview.to_enroll += row.to_enroll
        preview.enrolled += row.enrolled
    return preview


def enroll_all(*, program: Program, user) -> int:
    """Enroll whoever `enrollable` finds; inside the caller's transaction, no check of
    rights (program_update calls it when a program opens). Returns how many."""
    rows = list(enrollable(program).values_list("pk", "branch_id"))
    Enrollment.objects.bulk_create(
        [Enrollment(program=program, member_id=pk, branch_id=branch) for pk, branch in rows],
        batch_size=BATCH,
        ignore_conflicts=True,  # a member enrolled meanwhile (an import) keeps that row
    )
    record(actor=user, verb="program.enroll", obj=program, unit=program.unit, enrolled=len(rows))
    from renluyen.dashboards import rollups  # the year's figures count the new members

    rollups.refresh_program(program=program)
    return len(rows)


@transaction.atomic
def program_enroll(*, program: Program, user) -> int:
    """The one action before a program opens (issue 9 item 4): enroll every active member
    of the base Union in their current branch."""
    program = Program.objects.select_for_update().select_related("unit").get(pk=program.pk)
    if not may_in_unit(user, Action.ENROLL_MEMBERS, program.unit):
        raise DomainError(
            _("You may not enroll the members of %(unit)s.") % {"unit": program.unit.name}
        )
    if program.status == ProgramStatus.CLOSED:
        raise DomainError(_("This program is closed; its year is history."))
    return enroll_all(program=program, user=user)
