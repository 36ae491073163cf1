"""What each kind of notification says; rendered when shown, in the reader's language."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "registration.submitted": _("%(member)s submitted their training form."),
    "registration.returned": _("Your training form was returned for changes: %(comment)s"),
    "registration.confirmed": _("Your training form was confirmed by the branch committee."),
    "registration.suggested": _(
        "The branch committee suggested content for area %(area)s: %(text)s"
    ),
    "registration.extended": _("You may submit your training form until %(until)s."),
    "evaluation.sent_up": _("Branch %(branch)s sent its %(year)s evaluation results up."),
    "evaluation.returned": _(
        "Your branch's %(year)s evaluation results were returned: %(comment)s"
    ),
    "evaluation.recognized": _("Your %(year)s training results were recognized by the base Union."),
    "evaluation.branch_recognized": _(
        "The base Union recognized your branch's %(year)s evaluation results."
    ),
    "evaluation.reopened": _(
        "The base Union reopened your branch's %(year)s evaluation results: %(reason)s"
    ),
}


def render(verb: str, data: dict) -> str:
    """The message in the active language; a kind without a message shows as its name, and
    details that do not fit the message show the message as written."""
    template = MESSAGES.get(verb)
    if template is None:
        return verb
    text = str(template)
    try:
        return text % data
    except (KeyError, TypeError, ValueError):
        return text
