"""The one table of allowed state changes of a registration (IV.2 Step 1 and Step 3)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from renluyen.core.errors import DomainError
from renluyen.registrations.models import State


class Step(StrEnum):
    START = "start"  # first save of a form: "not registered" becomes a draft
    SUBMIT = "submit"
    WITHDRAW = "withdraw"  # the member takes a submitted form back to change it
    RETURN = "return"
    CONFIRM = "confirm"
    SUPPLEMENT = "supplement"  # after confirmation, start adding criteria
    CANCEL_SUPPLEMENT = "cancel_supplement"


# (state before, step) -> state after. None stands for "not registered".
TRANSITIONS: dict[tuple[State | None, Step], State] = {
    (None, Step.START): State.DRAFT,
    (State.DRAFT, Step.SUBMIT): State.SUBMITTED,
    (State.RETURNED, Step.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Step.WITHDRAW): State.DRAFT,
    (State.SUBMITTED, Step.RETURN): State.RETURNED,
    (State.SUBMITTED, Step.CONFIRM): State.CONFIRMED,
    (State.CONFIRMED, Step.SUPPLEMENT): State.SUPPLEMENT_DRAFT,
    (State.SUPPLEMENT_DRAFT, Step.SUBMIT): State.SUPPLEMENT_SUBMITTED,
    (State.SUPPLEMENT_RETURNED, Step.SUBMIT): State.SUPPLEMENT_SUBMITTED,
    (State.SUPPLEMENT_SUBMITTED, Step.WITHDRAW): State.SUPPLEMENT_DRAFT,
    (State.SUPPLEMENT_SUBMITTED, Step.RETURN): State.SUPPLEMENT_RETURNED,
    (State.SUPPLEMENT_SUBMITTED, Step.CONFIRM): State.CONFIRMED,
    (State.SUPPLEMENT_DRAFT, Step.CANCEL_SUPPLEMENT): State.CONFIRMED,
    (State.SUPPLEMENT_RETURNED, Step.CANCEL_SUPPLEMENT): State.CONFIRMED,
}

# States in which the form's unconfirmed criteria may be edited.
EDITABLE = {State.DRAFT, State.RETURNED, State.SUPPLEMENT_DRAFT, State.SUPPLEMENT_RETURNED}
# States waiting for the committee.
AWAITING_REVIEW = {State.SUBMITTED, State.SUPPLEMENT_SUBMITTED}
# States in which the member holds a confirmed registration.
CONFIRMED_STATES = {
    State.CONFIRMED,
    State.SUPPLEMENT_DRAFT,
    State.SUPPLEMENT_SUBMITTED,
    State.SUPPLEMENT_RETURNED,
}

_REFUSALS = {
    Step.START: _("This form already exists."),
    Step.SUBMIT: _("Only a draft or a returned form can be submitted."),
    Step.WITHDRAW: _("Only a form awaiting review can be taken back."),
    Step.RETURN: _("Only a form awaiting review can be returned."),
    Step.CONFIRM: _("Only a form awaiting review can be confirmed."),
    Step.SUPPLEMENT: _("Criteria can be added only to a confirmed form."),
    Step.CANCEL_SUPPLEMENT: _("There is no addition to cancel."),
}


def allowed(state: State | None, step: Step) -> bool:
    return (state, step) in TRANSITIONS


def next_state(state: State | None, step: Step) -> State:
    """The state after `step`, or a DomainError saying why the step is not possible now."""
    try:
        return TRANSITIONS[(state, step)]
    except KeyError:
        raise DomainError(_REFUSALS[step]) from None
