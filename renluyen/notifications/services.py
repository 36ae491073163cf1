"""Notifications: in the app at once; by email at once, or gathered into one digest."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renluyen.notifications.models import Notification


def notify(*, users, verb: str, data: dict, url: str = "", digest: bool = False) -> None:
    """Tell `users` about an event. With `digest`, the email waits for the next
    `send_notification_digests` run (one email per person however many events)."""
    users = [user for user in users if user is not None]
    if not users:
        return
    rows = Notification.objects.bulk_create(
        [Notification(user=user, verb=verb, data=data, url=url, digest=digest) for user in users]
    )
    if not digest:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _email_now(ids))


def _email_now(ids: list[int]) -> None:
    rows = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            if row.user.email:
                subject = _("[Member training] %(text)s") % {"text": row.message[:80]}
                body = _email_body(row.message, row.url)
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [row.user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())


def _email_body(message: str, url: str) -> str:
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    return f"{message}\n\n{link}\n".strip() + "\n"
