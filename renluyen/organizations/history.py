"""How a unit's history page words the audit events recorded on the unit."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renluyen.audit.models import Event
from renluyen.organizations.models import Role


@dataclass
class Line:
    event: Event
    what: str


def _day(iso) -> str:
    try:
        return date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return str(iso or "")


def _role(value) -> str:
    return str(Role(value).label) if value in Role.values else str(value or "")


def _texts() -> dict:
    return {
        "role.grant": _("Gave %(holder)s the role “%(role)s” from %(starts_on)s."),
        "role.end": _("Ended the term of %(holder)s as “%(role)s” (last day %(ends_on)s)."),
        "role.handover": _(
            "%(previous)s handed the role “%(role)s” over to %(holder)s from %(starts_on)s."
        ),
        "unit.create": _("Created the unit %(name)s (%(code)s)."),
        "unit.close": _("Closed the branch; %(members_left)s members were marked as left."),
        "member.transfer_out": _(
            "%(member)s (%(code)s) moved from %(from_branch)s to %(to_branch)s from %(on)s."
        ),
        "member.transfer_in": _(
            "%(member)s (%(code)s) moved from %(from_branch)s to %(to_branch)s from %(on)s."
        ),
        "member.transfer_away": _(
            "%(member)s (%(code)s) transferred out of the base Union to %(to_branch)s on %(on)s."
        ),
        "accounts.create": _(
            "Made %(created)s member accounts (%(invited)s invitations queued, %(without_email)s "
            "without email)."
        ),
        "accounts.create_one": _("Made the account of a member (%(account)s)."),
        "accounts.codes": _("Printed an activation sheet with %(codes)s codes."),
        "accounts.code_reissue": _("Issued a new activation code to a member."),
        "accounts.activate": _("A member activated their account."),
        "member_import.upload": _("Uploaded the member list %(file)s."),
        "member_import.apply": _(
            "Imported the member list %(file)s: %(created)s new, %(updated)s updated."
        ),
    }


def entry(event: Event) -> Line:
    data = dict(event.data or {})
    for key in ("starts_on", "ends_on", "on"):
        if key in data:
            data[key] = _day(data[key])
    if "role" in data:
        data["role"] = _role(data["role"])
    text = _texts().get(event.verb)
    try:
        what = text % data if text else event.verb
    except (KeyError, TypeError, ValueError):
        what = event.verb
    return Line(event=event, what=what)
