"""What a typed score or explanation must be (IV.1 Step 3: "giải trình cụ thể")."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from renluyen.evaluations.scoring import format_score, score_allowed
from renluyen.registrations.rules import content_problem


def parse_score(text: str) -> Decimal | None:
    """A typed score ("6,5", "6.5", "7") as a Decimal, None when blank; ValueError with a
    message for the user when it is not a number."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Type a number, for example 6,5.")) from None
    if not value.is_finite():
        raise ValueError(_("Type a number, for example 6,5."))
    return value


def score_problem(value: Decimal, maximum: Decimal) -> str | None:
    if score_allowed(value, maximum):
        return None
    return _("A score runs from 0 to %(max)s in steps of 0,5.") % {"max": format_score(maximum)}


def explanation_problem(text: str, min_length: int) -> str | None:
    """Why an explanation of what was done is not real content, or None."""
    if content_problem(text, min_length) is None:
        return None
    return _(
        "Explain concretely what you did for this criterion (at least %(min)d characters; "
        "not blank, punctuation or one phrase repeated)."
    ) % {"min": min_length}
