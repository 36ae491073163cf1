"""Notifications: in the app at once; by email at once, or gathered into one digest.

A member hears at once when their form is returned, confirmed, given a suggestion or an
extension. The branch committee would get one email per submission in the days before
the deadline, so those wait for `send_notification_digests` (run by cron), which emails each
person one digest listing everything since the last run. Every email goes through the
outbox (`notifications.outbox`): queued in the step's own transaction, sent by
`send_outbox`, never from inside a request.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renluyen.core.policy import own_member
from renluyen.core.templatetags.people import person_name
from renluyen.notifications.models import Notification
from renluyen.notifications.outbox import queue_email


def notify(*, users, verb: str, data: dict, url: str = "", digest: bool = False) -> None:
    """Tell `users` about an event. With `digest`, the email waits for the next
    `send_notification_digests` run (one email per person however many events)."""
    users = [user for user in users if user is not None]
    if not users:
        return
    stamp = None if digest else timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(user=user, verb=verb, data=data, url=url, digest=digest, emailed_at=stamp)
            for user in users
        ]
    )
    if not digest:
        # In the step's transaction: a rolled-back return emails nobody.
        _queue_now(rows)


def notify_batch(*, users, verb: str, item: dict, data: dict, url: str) -> None:
    """Tell `users` about one more event of a batch (a form submitted to a committee): it
    joins the person's unread notification of the same kind and link not emailed yet, so
    43 forms make one notification ("5 phiếu mới chờ xác nhận"), not 43. Once read or
    emailed in a digest, the next event starts a new batch. Always by digest."""
    now = timezone.now()
    for user in users:
        if user is None:
            continue
        with transaction.atomic():
            batch = (
                Notification.objects.select_for_update()
                .filter(user=user, verb=verb, url=url, read_at__isnull=True)
                .filter(emailed_at__isnull=True, digest=True)
                .order_by("-pk")
                .first()
            )
            if batch is None:
                Notification.objects.create(
                    user=user,
                    verb=verb,
                    data={**data, "items": [item], "count": 1},
                    url=url,
                    digest=True,
                )
                continue
            items = [*batch.data.get("items", []), item]
            batch.data = {**data, "items": items, "count": len(items)}
            # Shown (and sorted) as of its latest event.
            Notification.objects.filter(pk=batch.pk).update(data=batch.data, created_at=now)


def address_of(user) -> str:
    """Where to email a person: their account's address, else their member record's
    (imports fill in the member's email; accounts are often made without one)."""
    if user.email:
        return user.email
    member = own_member(user)
    return member.email if member is not None else ""


def _claim(ids) -> list[Notification]:
    """Mark the rows of `ids` not yet emailed as emailed, and return those: a row is
    claimed by one UPDATE ... WHERE emailed_at IS NULL, so two runs never take it twice."""
    stamp = timezone.now()
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    return list(
        Notification.objects.filter(pk__in=ids, emailed_at=stamp)
        .select_related("user__member")
        .order_by("created_at", "pk")
    )


def _link(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""


def _queue_now(rows: list[Notification]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            to = address_of(row.user)
            if to:
                subject = _("[Member training] %(text)s") % {"text": row.message[:80]}
                body = f"{row.message}\n\n{_link(row.url)}".strip() + "\n"
                queue_email(to=to, subject=subject, body=body)


def send_digests() -> int:
    """Queue for each person one email listing their digest notifications not yet emailed;
    return how many were queued. People without an address see them in the app only.
    Each person's claim and email are one transaction: a run that dies leaves nothing
    claimed without its email."""
    pending = Notification.objects.filter(digest=True, emailed_at__isnull=True)
    by_user: dict[int, list[int]] = {}
    for pk, user_id in pending.order_by("pk").values_list("pk", "user_id"):
        by_user.setdefault(user_id, []).append(pk)
    queued = 0
    for ids in by_user.values():
        with transaction.atomic():
            rows = _claim(ids)
            if not rows:
                continue  # another run took them
            to = address_of(rows[0].user)
            if not to:
                continue
            subject, body = _digest_email(rows)
            queue_email(to=to, subject=subject, body=body)
            queued += 1
    return queued


def _digest_email(rows: list[Notification]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(rows)
        subject = ngettext(
            "[Member training] %(count)s new notification",
            "[Member training] %(count)s new notifications",
            count,
        ) % {"count": count}
        lines = [
            _("Hello %(name)s,") % {"name": person_name(rows[0].user)},
            "",
            ngettext(
                "Since the last email, %(count)s thing happened that concerns you:",
                "Since the last email, %(count)s things happened that concern you:",
                count,
            )
            % {"count": count},
            "",
        ]
        for row in rows:
            when = timezone.localtime(row.created_at).strftime("%d/%m/%Y %H:%M")
            lines.append(f"- {when} {row.message}")
            if row.url:
                lines.append(f"  {_link(row.url)}")
        inbox = _link(reverse("notifications:inbox"))
        lines += ["", _("All your notifications: %(url)s") % {"url": inbox}]
    return subject, "\n".join(lines) + "\n"
