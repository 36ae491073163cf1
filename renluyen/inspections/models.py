"""The inspection committee's yearly thematic inspection of how units carry the program
out (seed V.1: "giao Ủy ban Kiểm tra xây dựng kế hoạch kiểm tra chuyên đề"): its plan,
each inspection with its findings and conclusion, and the requests the inspected unit
answers by their due dates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit


class InspectionPlan(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.CharField(_("school year"), max_length=9)
    title = models.CharField(_("title"), max_length=300)
    topic = models.TextField(_("topic"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-school_year", "-created_at"]

    def __str__(self) -> str:
        return self.title


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONCLUDED = "concluded", _("Concluded")


class Inspection(models.Model):
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="inspections"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("inspected unit"), on_delete=models.PROTECT, related_name="inspections"
    )
    planned_on = models.DateField(_("planned for"))
    topic = models.CharField(_("topic"), max_length=300)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+", blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.planned_on}"


class InspectionRequest(models.Model):
    """Something the inspection asks the unit to do or explain, by a date; the unit
    answers on the record."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="requests"
    )
    text = models.TextField(_("request"))
    due_on = models.DateField(_("due on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection request")
        verbose_name_plural = _("inspection requests")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on", "answered_at"], name="inspection_request_due_idx")
        ]

    def __str__(self) -> str:
        return self.text[:60]
