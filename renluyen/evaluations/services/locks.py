"""When the member and the branch may change scores (the windows), and the one row lock
every write on a branch's evaluation takes before it checks them.

The lock is the branch's `BranchEvaluation` row (select_for_update): a cell saved, a
member accepted, a self-evaluation submitted, a comment, a group, the meeting, finalize,
forward, recognize… all take it first, so a score saved while another committee member
finalizes waits for the finalize (and is then refused), or the finalize waits for the
score (and stores it). Then each write locks the member's own evaluation row: always in
that order, so two writes never wait for each other in a circle.
"""

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.evaluations.services.reading import is_confirmed
from renluyen.evaluations.transitions import EDITABLE
from renluyen.organizations.models import Unit
from renluyen.programs.models import Enrollment, Program, ProgramStatus

# Read the branch's row again (from the database) rather than trusting a caller's copy.
_FETCH = object()


def self_evaluation_problem(
    enrollment: Enrollment, today: date | None = None, be=_FETCH
) -> str | None:
    """Why the member may not change their self-evaluation now, or None. `be` is the
    branch's row when the caller holds it locked (None: there is none yet)."""
    today = today or timezone.localdate()
    program = enrollment.program
    if not is_confirmed(enrollment):
        return _("You have no confirmed registration to evaluate.")
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Self-evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    if today >= program.evaluation_deadline:
        return _("Self-evaluation closed: it was due before %(day)s.") % {
            "day": _day(program.evaluation_deadline)
        }
    return branch_lock_problem(_branch_of(enrollment) if be is _FETCH else be)


def collective_problem(enrollment: Enrollment, today: date | None = None, be=_FETCH) -> str | None:
    """Why the branch may not change this member's collective scores now, or None. The
    branch scores from the opening of evaluation until it sends its results up."""
    today = today or timezone.localdate()
    program = enrollment.program
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    return branch_lock_problem(_branch_of(enrollment) if be is _FETCH else be)


def branch_lock_problem(be: BranchEvaluation | None) -> str | None:
    """Why nothing of the branch's evaluation may change in its results' state, or None."""
    if be is None or be.state in EDITABLE:
        return None
    if be.state == BranchState.RECOGNIZED:
        return _("The results were recognized by the base Union and are locked.")
    return _("The branch has sent its results up; they can no longer be changed.")


def _branch_of(enrollment: Enrollment) -> BranchEvaluation | None:
    return BranchEvaluation.objects.filter(
        program_id=enrollment.program_id, branch_id=enrollment.branch_id
    ).first()


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def locked_branch(program: Program | int, branch: Unit | int) -> BranchEvaluation:
    """The branch's evaluation row for `program`, created when missing, locked until the
    end of the caller's transaction (the one lock of every write, see the module doc)."""
    where = {
        "program_id": getattr(program, "pk", program),
        "branch_id": getattr(branch, "pk", branch),
    }
    BranchEvaluation.objects.get_or_create(**where)
    return (
        BranchEvaluation.objects.select_for_update(of=("self",))
        .select_related("program__unit", "branch__parent")
        .get(**where)
    )


def lock_for(enrollment: Enrollment) -> BranchEvaluation:
    """The lock of the branch the member is evaluated in this year."""
    return locked_branch(enrollment.program_id, enrollment.branch_id)
