"""The one table of a branch's results on their way to recognition (IV.1 Step 3)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from renluyen.core.errors import DomainError
from renluyen.evaluations.models import BranchState


class Step(StrEnum):
    FINALIZE = "finalize"  # the branch committee sends its results up
    WITHDRAW = "withdraw"  # ...and may take them back until the level above acts
    FORWARD = "forward"  # the federation checks and forwards them to the base Union
    RETURN = "return"  # the federation or the base Union sends them back, with a comment
    RECOGNIZE = "recognize"  # the base Union recognizes (công nhận) them: they lock
    REOPEN = "reopen"  # only the base Union, with a reason


TRANSITIONS: dict[tuple[BranchState, Step], BranchState] = {
    (BranchState.OPEN, Step.FINALIZE): BranchState.FINALIZED,
    (BranchState.RETURNED, Step.FINALIZE): BranchState.FINALIZED,
    (BranchState.FINALIZED, Step.WITHDRAW): BranchState.OPEN,
    (BranchState.FINALIZED, Step.FORWARD): BranchState.FORWARDED,
    (BranchState.FINALIZED, Step.RETURN): BranchState.RETURNED,
    (BranchState.FORWARDED, Step.RETURN): BranchState.RETURNED,
    (BranchState.FINALIZED, Step.RECOGNIZE): BranchState.RECOGNIZED,
    (BranchState.FORWARDED, Step.RECOGNIZE): BranchState.RECOGNIZED,
    (BranchState.RECOGNIZED, Step.REOPEN): BranchState.OPEN,
}

# States in which the branch (and its members) may still change scores.
EDITABLE = {BranchState.OPEN, BranchState.RETURNED}
# The branch has closed its scores: the member may see the branch's ones.
SENT_UP = {BranchState.FINALIZED, BranchState.FORWARDED, BranchState.RECOGNIZED}

_REFUSALS = {
    Step.FINALIZE: _("These results have already been sent up."),
    Step.WITHDRAW: _("Only results that no level above has acted on can be taken back."),
    Step.FORWARD: _("Only results the branch has finalized can be forwarded."),
    Step.RETURN: _("Only results awaiting your decision can be returned."),
    Step.RECOGNIZE: _("Only results sent up by the branch can be recognized."),
    Step.REOPEN: _("Only recognized results can be reopened."),
}


def allowed(state: BranchState, step: Step) -> bool:
    return (state, step) in TRANSITIONS


def next_state(state: BranchState, step: Step) -> BranchState:
    try:
        return TRANSITIONS[(state, step)]
    except KeyError:
        raise DomainError(_REFUSALS[step]) from None
