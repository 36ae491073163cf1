from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.notifications.messages import render


class Notification(models.Model):
    """A message in a person's in-app inbox, stored as a kind (`verb`) and its details so
    it reads in the viewer's language. `emailed_at` is set once it went out by email,
    either at once or in the next digest (notifications.services)."""

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
