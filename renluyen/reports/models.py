"""The result report a branch or federation sends to the Union office (seed V.2), laid out
as a Union document (DOMAIN "Union documents"), and each unit's letterhead: the parts of
that layout that are data, never code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.programs.models import Program


class Letterhead(models.Model):
    """How a unit signs its documents: the body above it and its own name as the header
    prints them, its document symbol, its place, who signs and for whom, the recipients.
    Blank fields fall back to what the unit tree says (see reports/letterhead.py)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="letterhead"
    )
    body_above = models.CharField(_("name of the body above"), max_length=200, blank=True)
    body_name = models.CharField(_("name of the issuing body"), max_length=200, blank=True)
    symbol = models.CharField(
        _("document symbol"),
        max_length=40,
        blank=True,
        help_text=_('After "BC/" in the number, e.g. ĐTN for "Số: 12-BC/ĐTN".'),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    signing_for = models.CharField(_("signing for"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients (one a line)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return str(self.unit)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting the office")
    RECEIVED = "received", _("Received by the office")
    RETURNED = "returned", _("Returned for changes")


class Report(models.Model):
    """One unit's result report for one program year."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # The number in the unit's register of documents for the calendar year of issue
    # ("Số: 12-BC/ĐTN"); given at the first submission unless the unit typed its own.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(_("year of the number"), null=True, blank=True)
    issued_on = models.DateField(_("date of the document"), null=True, blank=True)
    title = models.CharField(_("summary line"), max_length=300)
    achievements = models.TextField(_("what went well"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    commendations = models.TextField(_("commendation proposals"), blank=True)
    # What the document said when it was submitted: its figures, members by level and
    # letterhead, so that a later change of results or letterhead does not rewrite it.
    snapshot = models.JSONField(_("submitted content"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("return comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")
        constraints = [
            models.UniqueConstraint(fields=["program", "unit"], name="one_report_per_unit"),
            models.UniqueConstraint(
                fields=["unit", "number_year", "number"], name="unique_report_number"
            ),
        ]
        indexes = [models.Index(fields=["program", "state"], name="report_state_idx")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.program.school_year}"
