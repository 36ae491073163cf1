"""What the support pages share: the branch (or unit) and the program a page is about."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from renluyen.core.access import get_unit
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action
from renluyen.organizations.models import Level
from renluyen.registrations.views.branch import program_choice, program_context


def unit_page(request, pk: int, action: Action = Action.VIEW_UNIT, *, branch: bool = True):
    """(unit, context with the program picker) for a page about a branch (`branch`) or a
    unit above branches; 404 for a unit of the other kind or one the user may not see,
    403 when they see it but may not do `action`."""
    unit = get_unit(request.user, pk, action)
    if (unit.level == Level.BRANCH) != branch or unit.level == Level.SUBBRANCH:
        raise Http404
    programs, program = program_choice(request, unit)
    return unit, {**program_context(programs, program), "unit": unit}


def back(name: str, unit, program, *args):
    url = reverse(f"support:{name}", args=[unit.pk, *args])
    return redirect(f"{url}?program={program.pk}")


def parse_date(text: str) -> date | None:
    """A date typed in a date input (yyyy-mm-dd), None when left empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("Type the date as a date, for example 2026-05-20.")) from None


def require(program, allowed: bool) -> None:
    """A write needs a program (404 without one) and the right to write (403)."""
    if program is None:
        raise Http404
    if not allowed:
        raise PermissionDenied


def step(request, call, done: str = "") -> bool:
    """Run one service step: a refusal becomes an error message, success the message
    `done`. True when the step ran."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if done:
        messages.success(request, done)
    return True
