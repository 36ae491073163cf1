"""What each kind of notification says; rendered when shown, in the reader's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MESSAGES = {
    "registration.submitted": _("%(member)s submitted their training form."),
    "registration.returned": _("Your training form was returned for changes: %(comment)s"),
    "registration.confirmed": _("Your training form was confirmed by the branch committee."),
    "registration.suggested": _(
        "The branch committee suggested content for area %(area)s: %(text)s"
    ),
    "registration.extended": _("You may submit your training form before %(before)s."),
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
    "support.mentor_assigned": _("You were asked to follow the training of %(member)s."),
    "support.help_asked": _("%(member)s asked for help: %(text)s"),
    "support.help_answered": _("Your help request was answered: %(text)s"),
    "support.guidance": _("Guidance to %(unit)s: %(text)s"),
    "support.guidance_acknowledged": _("%(unit)s acknowledged your guidance."),
    "report.submitted": _("%(unit)s sent its %(year)s result report to the Union office."),
    "report.received": _("The Union office received your %(year)s result report."),
    "report.returned": _("The Union office returned your %(year)s result report: %(comment)s"),
    "inspection.scheduled": _("%(unit)s will be inspected on %(day)s: %(topic)s"),
    "inspection.requests": _("The inspection of %(unit)s asks for %(count)s thing(s) by %(day)s."),
    "inspection.answered": _("%(unit)s answered an inspection request."),
}


# One form of a batch of submissions (notifications.services.notify_batch), by its kind.
SUBMISSIONS = {
    "submitted": _("%(member)s submitted their training form."),
    "paper": _("%(by)s typed in the paper form of %(member)s and submitted it."),
    "addition": _("%(member)s submitted an addition to their training form."),
}
NAMES_SHOWN = 5


def _submissions(data: dict) -> str | None:
    """ "Đoàn viên X đã nộp phiếu…" for one form, "5 phiếu mới chờ xác nhận (Chi đoàn A1):
    X, Y, …" for a batch; None for a notification from before batches."""
    items = data.get("items")
    if not items:
        return None
    if len(items) == 1:
        item = items[0]
        return str(SUBMISSIONS.get(item.get("kind"), SUBMISSIONS["submitted"])) % {
            "member": item.get("member", ""),
            "by": item.get("by", ""),
        }
    names = [item.get("member", "") for item in items]
    shown = ", ".join(dict.fromkeys(names[:NAMES_SHOWN]))
    if len(names) > NAMES_SHOWN:
        more = len(names) - NAMES_SHOWN
        shown += str(ngettext(" and %(n)s other", " and %(n)s others", more) % {"n": more})
    return ngettext(
        "%(n)s new form awaits confirmation (%(branch)s): %(names)s.",
        "%(n)s new forms await confirmation (%(branch)s): %(names)s.",
        len(items),
    ) % {"n": len(items), "branch": data.get("branch", ""), "names": shown}


def _extended(data: dict) -> str | None:
    """Before deadlines said "before" the day after, an extension said "until" its last day."""
    if "before" in data or "until" not in data:
        return None
    return str(_("You may submit your training form until %(until)s.")) % data


RENDERERS = {"registration.submitted": _submissions, "registration.extended": _extended}


def render(verb: str, data: dict) -> str:
    """The message in the active language; a kind without a message shows as its name, and
    details that do not fit the message show the message as written."""
    if verb in RENDERERS and (text := RENDERERS[verb](data)) is not None:
        return text
    template = MESSAGES.get(verb)
    if template is None:
        return verb
    text = str(template)
    try:
        return text % data
    except (KeyError, TypeError, ValueError):
        return text
