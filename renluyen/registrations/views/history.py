"""A form's history (issue 3, item 8): every change, who made it, when, from which screen.

The services record each step as an audit event on the enrollment (registrations.services
`_audit`), with what changed in `data`; this page only reads those events and words them.
"""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from renluyen.audit.models import Event
from renluyen.core.access import get_enrollment
from renluyen.core.history import Detail, Entry, events_of
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, own_member
from renluyen.registrations.models import State

PAGE_SIZE = 30
LABEL_LENGTH = 80

VERBS = {
    "registration.start": gettext_lazy("Started the form"),
    "registration.save": gettext_lazy("Saved the form"),
    "registration.submit": gettext_lazy("Submitted the form"),
    "registration.withdraw": gettext_lazy("Took the form back to change it"),
    "registration.return": gettext_lazy("Returned the form for changes"),
    "registration.confirm": gettext_lazy("Confirmed the form"),
    "registration.supplement": gettext_lazy("Started adding criteria"),
    "registration.cancel_supplement": gettext_lazy("Cancelled the addition"),
    "registration.suggest": gettext_lazy("Suggested content"),
    "registration.extend": gettext_lazy("Granted more time to submit"),
    "registration.transfer": gettext_lazy("Moved to another branch (transfer)"),
}

SCREENS = {
    "form": gettext_lazy("Member's form"),
    "paper": gettext_lazy("Typed in from the paper form"),
    "review": gettext_lazy("Review page"),
    "branch": gettext_lazy("Bulk confirmation"),
    "transfer": gettext_lazy("Transfer"),
}


@require_safe
@login_required
def history(request, pk):
    enrollment = get_enrollment(request.user, pk, Action.VIEW_REGISTRATION)
    events = events_of(enrollment, "registration.")  # the evaluation has its own history page
    page = paginate(request, events, PAGE_SIZE)
    areas = {area.number: area for area in enrollment.program.areas.all()}
    entries = [_entry(event, areas) for event in page]
    own = own_member(request.user)
    if own is not None and own.pk == enrollment.member_id:
        back = "registrations:form"
    elif can(request.user, Action.REVIEW_REGISTRATION, enrollment):
        back = "registrations:review"
    else:
        back = "registrations:form"
    return render(
        request,
        "history.html",
        {
            "title": _("Form history"),
            "back_label": _("Back to the form"),
            "empty_text": _("Nothing has been recorded for this form yet."),
            "enrollment": enrollment,
            "member": enrollment.member,
            "program": enrollment.program,
            "page": page,
            "entries": entries,
            "back": back,
        },
    )


def _entry(event: Event, areas: dict) -> Entry:
    data = event.data or {}
    what = VERBS.get(event.verb, event.verb)
    if event.verb == "registration.submit" and data.get("state") == State.SUPPLEMENT_SUBMITTED:
        what = _("Submitted the added criteria")
    if event.verb == "registration.save" and data.get("on_paper"):
        what = _("Typed in the paper form")
    return Entry(
        event=event,
        what=str(what),
        screen=str(SCREENS.get(data.get("screen", ""), "")),
        details=_details(event.verb, data, areas),
    )


def _details(verb: str, data: dict, areas: dict) -> list[Detail]:
    details = []
    for row in data.get("added", []):
        details.append(Detail(_("Added: %(label)s") % _label(row), text=row.get("solution", "")))
    for row in data.get("removed", []):
        details.append(Detail(_("Removed: %(label)s") % _label(row), text=row.get("solution", "")))
    for row in data.get("changed", []):
        if "text" in row:
            old, new = row["text"]
            details.append(Detail(_("Changed the own criterion"), old=old, new=new))
        if "solution" in row:
            old, new = row["solution"]
            details.append(
                Detail(_("Changed the solution of %(label)s") % _label(row), old=old, new=new)
            )
    for row in data.get("comments", []):
        if row.get("item"):
            heading = _("Comment on %(label)s") % _label(row)
        else:
            heading = _("General comment")
        details.append(Detail(heading, text=row.get("text", "")))
    if verb == "registration.confirm" and data.get("items"):
        count = len(data["items"])
        details.append(Detail(_("Criteria confirmed: %(count)s") % {"count": count}))
    if verb == "registration.suggest":
        area = areas.get(data.get("area"))
        label = str(area) if area else str(data.get("area", ""))
        details.append(
            Detail(_("Suggested for area %(area)s") % {"area": label}, text=data.get("text", ""))
        )
    if verb == "registration.transfer":
        details.append(
            Detail(_("Branch"), old=data.get("from_branch", ""), new=data.get("to_branch", ""))
        )
    if verb == "registration.extend":
        due = _day_after(data.get("until", ""))
        details.append(
            Detail(_("May submit before %(day)s") % {"day": due}, text=data.get("reason", ""))
        )
    return details


def _label(row: dict) -> dict:
    # Catalog criteria run to several lines; their code and first words identify them.
    return {"label": Truncator(row.get("label", "")).chars(LABEL_LENGTH)}


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT")
    except ValueError:
        return iso


def _day_after(iso: str) -> str:
    """An extension's last day (stored) as the deadline pages say: before the day after."""
    try:
        return date_format(date.fromisoformat(iso) + timedelta(days=1), "SHORT_DATE_FORMAT")
    except ValueError:
        return iso
