"""The table of allowed state changes, tested as a table: every (state, step) pair."""

import itertools

import pytest

from renluyen.core.errors import DomainError
from renluyen.registrations.models import State
from renluyen.registrations.transitions import Step, allowed, next_state

S = State
EXPECTED = {
    (None, Step.START): S.DRAFT,
    (S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Step.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Step.WITHDRAW): S.DRAFT,
    (S.SUBMITTED, Step.RETURN): S.RETURNED,
    (S.SUBMITTED, Step.CONFIRM): S.CONFIRMED,
    (S.CONFIRMED, Step.SUPPLEMENT): S.SUPPLEMENT_DRAFT,
    (S.SUPPLEMENT_DRAFT, Step.SUBMIT): S.SUPPLEMENT_SUBMITTED,
    (S.SUPPLEMENT_RETURNED, Step.SUBMIT): S.SUPPLEMENT_SUBMITTED,
    (S.SUPPLEMENT_SUBMITTED, Step.WITHDRAW): S.SUPPLEMENT_DRAFT,
    (S.SUPPLEMENT_SUBMITTED, Step.RETURN): S.SUPPLEMENT_RETURNED,
    (S.SUPPLEMENT_SUBMITTED, Step.CONFIRM): S.CONFIRMED,
    (S.SUPPLEMENT_DRAFT, Step.CANCEL_SUPPLEMENT): S.CONFIRMED,
    (S.SUPPLEMENT_RETURNED, Step.CANCEL_SUPPLEMENT): S.CONFIRMED,
}
ALL_PAIRS = list(itertools.product([None, *State], Step))


@pytest.mark.parametrize(("state", "step"), ALL_PAIRS)
def test_every_pair(state, step):
    if (state, step) in EXPECTED:
        assert allowed(state, step)
        assert next_state(state, step) == EXPECTED[(state, step)]
    else:
        assert not allowed(state, step)
        with pytest.raises(DomainError):
            next_state(state, step)


def test_a_confirmed_form_is_never_unconfirmed_by_a_step():
    confirmed = {S.CONFIRMED, S.SUPPLEMENT_DRAFT, S.SUPPLEMENT_SUBMITTED, S.SUPPLEMENT_RETURNED}
    for (state, _step), after in EXPECTED.items():
        if state in confirmed:
            assert after in confirmed


def test_refusals_say_why_in_vietnamese():
    with pytest.raises(DomainError) as error:
        next_state(S.CONFIRMED, Step.RETURN)
    assert str(error.value.message) == "Chỉ trả lại được phiếu đang chờ xác nhận."
