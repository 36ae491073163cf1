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
    # Shown (with its QR code) during the activity; members type or scan it to check in.
    checkin_code = models.CharField(
        _("check-in code"), max_length=8, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "title"]
        indexes = [models.Index(fields=["program", "unit"], name="activity_program_unit_idx")]

    def __str__(self) -> str:
        return self.title


class AttendanceMethod(models.TextChoices):
    CHECKLIST = "checklist", _("Organiser's checklist")
    CODE = "code", _("Check-in code")
    SLIP = "slip", _("Paper slip")


class Participation(models.Model):
    """One member and one activity: signed up, attended, or both (IV.1 Step 2: units run
    activities so members can do what they registered). Attendance is evidence under the
    criteria the activity relates to."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    signed_up_at = models.DateTimeField(_("signed up at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended at"), null=True, blank=True)
    method = models.CharField(
        _("attendance recorded by"), max_length=16, choices=AttendanceMethod.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The code printed on the member's two-part paper slip (DOMAIN.md "Attendance slips"):
    # the school's part is typed in after the activity.
    slip_code = models.CharField(_("slip code"), max_length=16, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enrollment"], name="one_participation_per_member"
            )
        ]
        indexes = [
            models.Index(fields=["enrollment", "attended_at"], name="participation_member_idx")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} → {self.activity}"
