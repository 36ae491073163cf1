from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.programs.models import Area, Criterion, Program


class Activity(models.Model):
    """An activity a branch or a unit above it organises; members beneath that unit may
    put it on their form (IV.1 Step 1: the committee keeps a catalog of branch and
    upper-level activities to choose from)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="activities"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="activities"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("content area"), on_delete=models.PROTECT, related_name="activities"
    )
    criteria = models.ManyToManyField(
        Criterion, verbose_name=_("related criteria"), blank=True, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("date or first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "title"]
        indexes = [models.Index(fields=["program", "unit"], name="activity_program_unit_idx")]

    def __str__(self) -> str:
        return self.title
