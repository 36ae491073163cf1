"""When the member and the branch may change scores (the windows), and the row locks
every write takes before it checks them."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.evaluations.services.reading import branch_evaluation, is_confirmed
from renluyen.evaluations.transitions import EDITABLE
from renluyen.organizations.models import Unit
from renluyen.programs.models import Enrollment, Program, ProgramStatus


def self_evaluation_problem(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why the member may not change their self-evaluation now, or None."""
    today = today or timezone.localdate()
    program = enrollment.program
    if not is_confirmed(enrollment):
        return _("You have no confirmed registration to evaluate.")
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Self-evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    if today >= program.evaluation_deadline:
        return _("Self-evaluation closed; the last day was %(day)s.") % {
            "day": _day(program.evaluation_deadline - timedelta(days=1))
        }
    return _branch_lock_problem(enrollment)


def collective_problem(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why the branch may not change this member's collective scores now, or None. The
    branch scores from the opening of evaluation until it sends its results up."""
    today = today or timezone.localdate()
    program = enrollment.program
    if program.status != ProgramStatus.OPEN:
        return _("This program is not open.")
    if today < program.evaluation_start:
        return _("Evaluation opens on %(day)s.") % {"day": _day(program.evaluation_start)}
    return _branch_lock_problem(enrollment)


def _branch_lock_problem(enrollment: Enrollment) -> str | None:
    be = BranchEvaluation.objects.filter(
        program_id=enrollment.program_id, branch_id=enrollment.branch_id
    ).first()
    if be is None or be.state in EDITABLE:
        return None
    if be.state == BranchState.RECOGNIZED:
        return _("The results were recognized by the base Union and are locked.")
    return _("The branch has sent its results up; they can no longer be changed.")


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _locked_branch(program: Program, branch: Unit) -> BranchEvaluation:
    branch_evaluation(program, branch)
    return (
        BranchEvaluation.objects.select_for_update(of=("self",))
        .select_related("program__unit", "branch__parent")
        .get(program=program, branch=branch)
    )
