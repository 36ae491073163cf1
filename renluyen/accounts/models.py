from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.people.models import Member


class ActivationCode(models.Model):
    """A one-time code printed on the branch's sheet for a member without email.

    Only a keyed hash of the code is stored (accounts.codes): whoever reads the database
    cannot sign in with it. A code works once, until `expires_at`; issuing a new one for
    the member revokes the old.
    """

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="activation_codes",
    )
    code_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["member"],
                name="activation_open_idx",
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.created_at:%Y-%m-%d}"
