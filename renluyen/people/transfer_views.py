"""A committee moves a member to another branch, or out of the base Union (issue 9 item 5)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.core.access import get_member
from renluyen.core.errors import DomainError
from renluyen.core.ids import parse_id
from renluyen.core.policy import Action
from renluyen.organizations.models import Level, Unit
from renluyen.people import services


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def transfer(request, pk: int):
    member = get_member(request.user, pk, Action.TRANSFER_MEMBERS)
    base = services.base_union_of(member.branch)
    today = timezone.localdate()
    branches = (
        Unit.objects.subtree(base).filter(level=Level.BRANCH).exclude(pk=member.branch_id)
        if base is not None
        else Unit.objects.none()
    )
    branches = [
        b for b in branches.order_by("path").only("name", "code", "closed_on") if not b.is_closed
    ]
    values = {"mode": "inside", "branch": "", "to_unit": "", "on": today.isoformat()}
    error = ""
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        on = _day(values["on"])
        try:
            if on is None:
                raise DomainError(_("Enter the date of the transfer."))
            if values["mode"] == "outside":
                services.member_transfer_away(
                    member=member, user=request.user, to_unit=values["to_unit"], on=on
                )
                messages.success(
                    request,
                    _("%(name)s was transferred to %(unit)s.")
                    % {"name": member.full_name, "unit": values["to_unit"]},
                )
            else:
                target = {b.pk: b for b in branches}.get(parse_id(values["branch"]))
                if target is None:
                    raise DomainError(_("Pick the branch the member moves to."))
                result = services.member_transfer(
                    member=member, user=request.user, to_branch=target, on=on
                )
                text = _("%(name)s now belongs to %(branch)s.") % {
                    "name": member.full_name,
                    "branch": target.name,
                }
                if result.kept:
                    text += " " + _(
                        "Their recognized year %(years)s stays with the old branch."
                    ) % {"years": ", ".join(e.program.school_year for e in result.kept)}
                messages.success(request, text)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("people:member_detail", member.pk)
    return render(
        request,
        "people/transfer.html",
        {"member": member, "branches": branches, "values": values, "error": error},
    )
