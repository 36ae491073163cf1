from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MentorKind(models.TextChoices):
    # IV.1 Step 3: a committee member is assigned to follow a member, or members are
    # paired to help each other.
    COMMITTEE = "committee", _("Committee member following a member")
    PEER = "peer", _("Member helping a member")


class MentorshipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Mentorship(models.Model):
    """One person following one member's training in one program year. The mentor sees
    the member's form and progress and may comment on it (core.policy)."""

    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="mentorships",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentorships",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MentorKind.choices)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        indexes = [models.Index(fields=["mentor", "enrollment"], name="mentorship_mentor_idx")]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.enrollment}"
