"""The table of a branch's results on their way up, pair by pair."""

import pytest

from renluyen.core.errors import DomainError
from renluyen.evaluations.models import BranchState
from renluyen.evaluations.transitions import TRANSITIONS, Step, allowed, next_state

EXPECTED = {
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


@pytest.mark.parametrize("state", list(BranchState))
@pytest.mark.parametrize("step", list(Step))
def test_every_state_and_step(state, step):
    if (state, step) in EXPECTED:
        assert allowed(state, step)
        assert next_state(state, step) == EXPECTED[(state, step)]
    else:
        assert not allowed(state, step)
        with pytest.raises(DomainError):
            next_state(state, step)


def test_the_table_is_exactly_the_expected_one():
    assert TRANSITIONS == EXPECTED


def test_recognized_results_only_reopen():
    assert [s for s in Step if allowed(BranchState.RECOGNIZED, s)] == [Step.REOPEN]
