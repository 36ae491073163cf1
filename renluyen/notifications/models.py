from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.notifications.messages import render


class Notification(models.Model):
    """A message in a person's in-app inbox, stored as a kind (`verb`) and its details so
    it reads in the viewer's language. `emailed_at` is set once its email was queued in the
    outbox, either at once or in the next digest (notifications.services)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("kind"), max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest = models.BooleanField(_("sent in the digest"), default=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["digest", "emailed_at"], name="notification_digest_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        return render(self.verb, self.data)


class OutboxEmail(models.Model):
    """An email waiting to leave, written in the same transaction as the step that caused
    it (so a rolled-back step sends nothing) and sent by `manage.py send_outbox` (cron),
    never from inside a request. See renluyen.notifications.outbox."""

    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    # Optional: the same key is never queued twice (e.g. one reminder per member and day).
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A sending run claims a row for a while; a run that died leaves it to the next one.
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending_idx",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="outbox_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
