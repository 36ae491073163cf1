from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.people.search import member_search_text


class MemberType(models.TextChoices):
    """Member types with their own professional targets (seed III.3)."""

    LECTURER = "lecturer", _("Lecturer / researcher")
    STUDENT = "student", _("Student")
    PUPIL = "pupil", _("High-school student")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRANSFERRED = "transferred", _("Transferred")
    LEFT = "left", _("Left")


class Member(models.Model):
    """A Union member (đoàn viên)."""

    code = models.CharField(_("member code"), max_length=40, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    member_type = models.CharField(_("member type"), max_length=16, choices=MemberType.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # The branch the member belongs to now; the branch of each program year is
    # kept on programs.Enrollment.
    branch = models.ForeignKey(
        Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    # A transfer out of the base Union (chuyển sinh hoạt Đoàn): where to and when.
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    # Folded copy of name, code and email for searching (people/search.py).
    search_text = models.CharField(max_length=1000, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name", "code"]
        indexes = [
            models.Index(fields=["branch", "full_name"], name="member_branch_name_idx"),
            models.Index(fields=["full_name"], name="member_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_text = member_search_text(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
