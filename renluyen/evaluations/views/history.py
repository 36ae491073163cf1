"""A member's evaluation history: every score and comment change, who made it and when
(issue 4, item 9). The services record each change as an audit event on the enrollment
with old and new values; this page only reads and words them."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from renluyen.audit.models import Event
from renluyen.core.access import get_enrollment
from renluyen.core.history import Detail, Entry, events_of
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, own_member
from renluyen.evaluations import scoring, services
from renluyen.evaluations.transitions import SENT_UP

PAGE_SIZE = 30
LABEL_LENGTH = 80

VERBS = {
    "evaluation.self_save": gettext_lazy("Saved the self-evaluation draft"),
    "evaluation.self_submit": gettext_lazy("Submitted the self-evaluation"),
    "evaluation.scores": gettext_lazy("Changed scores"),
    "evaluation.accept": gettext_lazy("Accepted the self-scores as they stand"),
    "evaluation.reason": gettext_lazy("Changed the reason for the changed scores"),
    "evaluation.comment": gettext_lazy("Changed the branch comment"),
    "evaluation.group_comment": gettext_lazy("Added a sub-branch or group comment"),
}
# What the member's own evaluation page shows, so their history shows no more (issue 13,
# item 2): their own steps while the branch scores; once the results are sent up, the
# branch's scores, reason and comment too, by the committee (not by name), and never
# the sub-branches' comments, which their page does not show either.
MEMBER_VERBS = ("evaluation.self_save", "evaluation.self_submit")
MEMBER_VERBS_SENT_UP = (
    *MEMBER_VERBS,
    "evaluation.scores",
    "evaluation.accept",
    "evaluation.reason",
    "evaluation.comment",
)

FIELDS = {
    "self": gettext_lazy("Self-score"),
    "collective": gettext_lazy("Collective score"),
    "max": gettext_lazy("Maximum"),
}

SCREENS = {
    "self": gettext_lazy("Self-evaluation"),
    "branch": gettext_lazy("Branch table"),
    "member": gettext_lazy("Member's evaluation page"),
    "maxima": gettext_lazy("Maxima"),
    "groups": gettext_lazy("Sub-branch or group comments"),
}


@require_safe
@login_required
def history(request, pk):
    """Every score and comment change of this member's evaluation, newest first."""
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    events = events_of(enrollment, "evaluation.")
    own = (member := own_member(request.user)) is not None and member.pk == enrollment.member_id
    sent_up = False
    if own:
        be = services.branch_evaluation(enrollment.program, enrollment.branch)
        sent_up = be.state in SENT_UP
        events = events.filter(verb__in=MEMBER_VERBS_SENT_UP if sent_up else MEMBER_VERBS)
    page = paginate(request, events, PAGE_SIZE)
    return render(
        request,
        "history.html",
        {
            "title": _("History of the scores"),
            "back_label": _("Back to the evaluation"),
            "empty_text": _("No score has been recorded yet."),
            "enrollment": enrollment,
            "member": enrollment.member,
            "program": enrollment.program,
            "page": page,
            "entries": [_entry(event, member=member if own else None) for event in page],
            "back": "evaluations:self" if own else "evaluations:member",
        },
    )


def _entry(event: Event, member=None) -> Entry:
    """One line of the history; for the member, the committee's steps say "the branch
    committee" rather than who typed them, as their evaluation page does."""
    data = event.data or {}
    entry = Entry(
        event=event,
        what=str(VERBS.get(event.verb, event.verb)),
        screen=str(SCREENS.get(data.get("screen", ""), "")),
        details=_details(event.verb, data),
    )
    if member is not None and event.verb not in MEMBER_VERBS:
        entry.who = _("The branch committee")
    return entry


def _details(verb: str, data: dict) -> list[Detail]:
    details = []
    for change in data.get("changes", []):
        label = Truncator(change.get("label", "")).chars(LABEL_LENGTH)
        which = FIELDS.get(change.get("field"), change.get("field", ""))
        old, new = _score(change.get("old")), _score(change.get("new"))
        details.append(Detail(f"{label} — {which}", old=old, new=new))
    if verb == "evaluation.comment":
        details.append(
            Detail(_("Branch comment"), old=data.get("old") or "", new=data.get("new") or "")
        )
    if verb == "evaluation.reason":
        details.append(
            Detail(
                _("Reason for the changed scores"),
                old=data.get("old") or "",
                new=data.get("new") or "",
            )
        )
    if verb == "evaluation.group_comment":
        details.append(Detail(_("Comment"), text=data.get("text", "")))
    return details


def _score(text) -> str:
    """A stored score ("6.50") as people write it ("6,5"); "" for none."""
    if text in (None, ""):
        return ""
    try:
        return scoring.format_score(Decimal(text))
    except InvalidOperation:
        return str(text)
