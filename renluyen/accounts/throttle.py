"""Sign-in throttling (issue 13 item 4) with django-axes, by account and by address.

- By account: ACCOUNT_FAILURES wrong tries on one account within AXES_COOLOFF_TIME lock
  that account for the rest of that time, whatever address they come from. What was
  typed is mapped to the account first (`username_of`), so "DV001", "dv001" and the
  member's email count against the same account.
- By address: ADDRESS_FAILURES wrong tries from one address within the same time lock the
  address. It is higher than the account's limit because a whole class signs in from one
  campus Wi-Fi (one address) at a branch meeting, typos included.
- A wrong activation code counts as a wrong password of that member's account; a wrong or
  expired reset or invitation link counts against its account and address. Each attempt
  while locked extends the lock (axes' default), so a script gains nothing by hammering.
- A lock ends by itself after the cool-off, or at once when an administrator deletes the
  account's or address's rows under "Access attempts" in the Django admin (or runs
  `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`).
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 100


def username_of(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's username for what was typed, so every way of
    naming one account counts against it; what names no account, lower-cased."""
    from renluyen.accounts.services import user_for_login

    field = settings.AXES_USERNAME_FORM_FIELD
    typed = (credentials or {}).get(field)
    if typed is None and request is not None:
        typed = request.POST.get(field)
    if not typed:
        return None
    typed = str(typed).strip()[:150]
    user = user_for_login(typed)
    return user.get_username() if user is not None else typed.lower()


def _failures(queryset) -> int:
    return queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0


class Handler(AxesDatabaseHandler):
    """axes' database handler with a limit per account and a higher one per address
    (axes itself applies one limit to both). AXES_LOCKOUT_PARAMETERS is
    ["username", "ip_address"], so the attempts come as [by account, by address]."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self.get_user_attempts(request, credentials)
        if _failures(by_address) >= ADDRESS_FAILURES:
            return settings.AXES_FAILURE_LIMIT
        if username_of(request, credentials) is None:
            return 0  # nothing named: only the address counts
        return _failures(by_account)


def is_locked(request, identifier: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": identifier})


def failed(request, identifier: str) -> None:
    """Count a wrong try (a code, a link) like a wrong password of `identifier`'s account."""
    user_login_failed.send(sender=__name__, credentials={"username": identifier}, request=request)


def locked_until(request, credentials=None):
    """When the lock on this request's account or address ends."""
    from axes.helpers import get_client_ip_address, get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request) or timedelta(0)
    username = username_of(request, credentials)
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    since = timezone.now() - cool_off
    condition = Q(ip_address=ip)
    if username:
        condition |= Q(username=username)
    last = AccessAttempt.objects.filter(condition, attempt_time__gte=since).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the site's page, in the reader's language, saying when to
    try again (HTTP 429)."""
    until = timezone.localtime(locked_until(request, credentials))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return render(
        request,
        "accounts/locked.html",
        {"until": time_format(until, "H:i"), "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
