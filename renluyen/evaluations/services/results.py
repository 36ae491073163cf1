"""The branch's results above the branch (IV.1 Step 3): whose turn it is, and the steps
of the federation (forward, return) and the base Union (recognize, return, reopen)."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.dashboards import rollups
from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation
from renluyen.evaluations.services.locks import locked_branch
from renluyen.evaluations.services.reading import branch_url, federation_of, results_url
from renluyen.evaluations.transitions import EDITABLE, Step, next_state
from renluyen.notifications.services import notify
from renluyen.organizations.models import Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.rules import normalize


def holder(branch_evaluation: BranchEvaluation) -> str | None:
    """Which level must act next: "branch", "federation", "base", or None once recognized."""
    state = branch_evaluation.state
    if state in EDITABLE:
        return "branch"
    if state == BranchState.FINALIZED and federation_of(branch_evaluation.branch) is not None:
        return "federation"
    if state in (BranchState.FINALIZED, BranchState.FORWARDED):
        return "base"
    return None


def may_act(user, branch_evaluation: BranchEvaluation, step: Step) -> bool:
    """May `user` take `step` on these results now? The policy says who acts for which
    unit; the state says whose turn it is (the federation before the base Union)."""
    be = branch_evaluation
    turn = holder(be)
    if step == Step.FINALIZE:
        return turn == "branch" and can(user, Action.EVALUATE, be.branch)
    if step == Step.WITHDRAW:
        return be.state == BranchState.FINALIZED and can(user, Action.EVALUATE, be.branch)
    if step == Step.FORWARD:
        federation = federation_of(be.branch)
        return turn == "federation" and can(user, Action.FORWARD_RESULTS, federation)
    if step == Step.RETURN:
        if turn == "federation":
            return can(user, Action.FORWARD_RESULTS, federation_of(be.branch))
        return turn == "base" and can(user, Action.RECOGNIZE_RESULTS, be.program.unit)
    if step == Step.RECOGNIZE:
        return turn == "base" and can(user, Action.RECOGNIZE_RESULTS, be.program.unit)
    if step == Step.REOPEN:
        return be.state == BranchState.RECOGNIZED and can(
            user, Action.RECOGNIZE_RESULTS, be.program.unit
        )
    return False


def _branch_audit(be: BranchEvaluation, user, verb: str, **data) -> None:
    record(actor=user, verb=verb, obj=be, unit=be.branch, **data)


def level_counts(program: Program, branch: Unit) -> dict[str, int]:
    """The stored results of a branch, counted per level."""
    from django.db.models import Count

    rows = (
        Evaluation.objects.filter(enrollment__program=program, enrollment__branch=branch)
        .values("level")
        .annotate(n=Count("pk"))
    )
    return {row["level"]: row["n"] for row in rows}


def committee_of(branch: Unit) -> list:
    """The branch committee's accounts (the secretary first among them)."""
    from renluyen.registrations.services import committee_of as branch_committee

    return branch_committee(branch)


def _tell_the_branch(be: BranchEvaluation, verb: str, *, digest: bool = False, **data) -> None:
    """The branch committee (the secretary first) hears what the level above did with its
    results: returned, recognized, reopened."""
    notify(
        users=committee_of(be.branch),
        verb=verb,
        data={"year": be.program.school_year, **data},
        url=branch_url(be.branch, be.program),
        digest=digest,
    )


def _notify_up(be: BranchEvaluation) -> None:
    from renluyen.organizations.models import RoleAssignment

    unit = federation_of(be.branch) if holder(be) == "federation" else be.program.unit
    action = Action.FORWARD_RESULTS if unit != be.program.unit else Action.RECOGNIZE_RESULTS
    users = {
        a.user
        for a in RoleAssignment.objects.active().filter(unit=unit).select_related("user")
        if can(a.user, action, unit)
    }
    notify(
        users=list(users),
        verb="evaluation.sent_up",
        data={"branch": be.branch.name, "year": be.program.school_year},
        url=results_url(unit, be.program),
        digest=True,
    )


def _step(be: BranchEvaluation, user, step: Step, verb: str, **data) -> BranchEvaluation:
    if not may_act(user, be, step):
        raise DomainError(_("It is not your turn to act on these results."))
    be.state = next_state(be.state, step)
    be.version += 1
    now = timezone.now()
    if step == Step.FORWARD:
        be.forwarded_at = now
    if step == Step.RECOGNIZE:
        be.recognized_at, be.recognized_by = now, user
    be.save()
    _branch_audit(be, user, verb, **data)
    # Withdraw, forward, return, recognize and reopen all pass here.
    rollups.refresh_branch(program=be.program, branch=be.branch)
    return be


@transaction.atomic
def branch_withdraw(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    return _step(locked_branch(program, branch), user, Step.WITHDRAW, "evaluation.withdraw")


@transaction.atomic
def branch_forward(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    be = _step(locked_branch(program, branch), user, Step.FORWARD, "evaluation.forward")
    _notify_up(be)
    return be


@transaction.atomic
def branch_return(*, program: Program, branch: Unit, user, comment: str) -> BranchEvaluation:
    """The federation or the base Union sends the results back, saying what to fix."""
    comment = normalize(comment)
    if not comment:
        raise DomainError(_("Say what the branch should fix before returning its results."))
    be = locked_branch(program, branch)
    be.return_comment = comment
    be = _step(be, user, Step.RETURN, "evaluation.return", comment=comment)
    _tell_the_branch(be, "evaluation.returned", comment=comment)
    return be


@transaction.atomic
def branch_recognize(*, program: Program, branch: Unit, user) -> BranchEvaluation:
    """The base Union recognizes (công nhận) the results; they lock."""
    be = _step(locked_branch(program, branch), user, Step.RECOGNIZE, "evaluation.recognize")
    # Results were stored at finalize and nothing could change them since.
    counts = level_counts(program, branch)
    be.return_comment = ""
    be.save(update_fields=["return_comment"])
    members = Enrollment.objects.filter(
        program=program, branch=branch, member__user__isnull=False
    ).select_related("member__user")
    # By digest: recognizing a whole school at once must not send thousands of emails
    # from one request.
    notify(
        users=[e.member.user for e in members],
        verb="evaluation.recognized",
        data={"year": program.school_year},
        url=reverse("evaluations:mine"),
        digest=True,
    )
    _tell_the_branch(be, "evaluation.branch_recognized", digest=True)
    record(actor=user, verb="evaluation.recognized_levels", obj=be, unit=branch, levels=counts)
    return be


@transaction.atomic
def branch_reopen(*, program: Program, branch: Unit, user, reason: str) -> BranchEvaluation:
    """Only the base Union reopens recognized results, and says why; it is recorded."""
    reason = normalize(reason)
    if not reason:
        raise DomainError(_("Give the reason for reopening these results."))
    be = _step(
        locked_branch(program, branch), user, Step.REOPEN, "evaluation.reopen", reason=reason
    )
    _tell_the_branch(be, "evaluation.reopened", reason=reason)
    return be


@dataclass
class BranchSkipped:
    branch: Unit
    reason: str


@transaction.atomic
def branches_recognize_many(*, program: Program, branches, user):
    """Recognize many branches at once; each is recognized (and recorded) on its own and a
    branch whose results are not awaiting the base Union is skipped with the reason."""
    done, skipped = [], []
    for branch in branches:
        try:
            with transaction.atomic():
                done.append(branch_recognize(program=program, branch=branch, user=user))
        except DomainError as error:
            skipped.append(BranchSkipped(branch, str(error.message)))
    return done, skipped
