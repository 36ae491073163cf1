"""A member's training form (phiếu đăng ký rèn luyện) for one program year: IV.2 Step 1."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.activities.models import Activity
from renluyen.programs.models import Area, Criterion, Enrollment


class State(models.TextChoices):
    # "Not registered" is the absence of a Registration row (see NOT_REGISTERED).
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    RETURNED = "returned", _("Returned for changes")
    CONFIRMED = "confirmed", _("Confirmed")
    SUPPLEMENT_DRAFT = "supplement_draft", _("Confirmed, adding criteria")
    SUPPLEMENT_SUBMITTED = "supplement_submitted", _("Confirmed, addition awaiting review")
    SUPPLEMENT_RETURNED = "supplement_returned", _("Confirmed, addition returned")


NOT_REGISTERED = "none"


class Registration(models.Model):
    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="registration",
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.DRAFT)
    # Raised by each return, so the form shows the comments of the latest return only.
    round = models.PositiveSmallIntegerField(_("review round"), default=0)
    # Raised by every write; a form posted with an older version was edited elsewhere.
    version = models.PositiveIntegerField(_("version"), default=0)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Entered by a committee member from the member's paper form (IV.1 Step 1 allows
    # handwritten forms); who entered it is in the history.
    on_paper = models.BooleanField(_("entered from a paper form"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["state"], name="registration_state_idx")]

    def __str__(self) -> str:
        return str(self.enrollment)


class ItemKind(models.TextChoices):
    CRITERION = "criterion", _("Program criterion")
    ACTIVITY = "activity", _("Activity")
    OPEN = "open", _("Open criterion")


class Item(models.Model):
    """One criterion on the form, with the member's concrete solution (giải pháp)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="items"
    )
    area = models.ForeignKey(Area, verbose_name=_("content area"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, null=True, blank=True
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, null=True, blank=True
    )
    text = models.TextField(_("own criterion"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    # Null until the committee confirms it; confirmed items stay confirmed through a
    # later addition (IV.2 Step 3).
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registered criterion")
        verbose_name_plural = _("registered criteria")
        ordering = ["area__number", "kind", "criterion__order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        """The item's form key: the same before and after it is saved, so errors and
        comments find their field."""
        if self.kind == ItemKind.CRITERION:
            return f"c{self.criterion_id}"
        if self.kind == ItemKind.ACTIVITY:
            return f"a{self.activity_id}"
        return f"o{self.pk}"

    @property
    def label(self) -> str:
        if self.kind == ItemKind.CRITERION:
            return f"{self.criterion.code}. {self.criterion.text}"
        if self.kind == ItemKind.ACTIVITY:
            return self.activity.title
        return self.text


class Comment(models.Model):
    """The committee's comment on a form or on one of its criteria."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("criterion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    round = models.PositiveSmallIntegerField(_("review round"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Suggestion(models.Model):
    """Open content the committee suggests to a member who proposed none (IV.1 Step 1)."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    area = models.ForeignKey(Area, verbose_name=_("content area"), on_delete=models.PROTECT)
    text = models.TextField(_("suggested criterion"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["area__number", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Extension(models.Model):
    """More time to submit, granted by the branch committee to one member; the latest
    grant applies."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    until = models.DateField(_("may submit until (inclusive)"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enrollment} → {self.until}"

    @property
    def due_before(self):
        """The extended deadline as pages say it: before the day after `until`."""
        from datetime import timedelta

        return self.until + timedelta(days=1)
