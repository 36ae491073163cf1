"""What a member does during the year (IV.1 Step 2-3): a progress log with evidence on each
confirmed criterion, comments from the committee and the mentor, and the six-monthly
self-review with the branch's replies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    PDF = "pdf", _("PDF document")


class Entry(models.Model):
    """One thing the member did towards one confirmed criterion of their form."""

    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="progress_entries",
    )
    item = models.ForeignKey(
        "registrations.Item",
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="progress_entries",
    )
    done_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    # The evidence file, stored under settings.EVIDENCE_DIR by a random name (never the
    # uploaded one); progress.files checks and serves it.
    file_name = models.CharField(max_length=64, blank=True, editable=False)
    file_kind = models.CharField(_("file"), max_length=8, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Looked at by the committee or the mentor (a comment counts): off their to-do list.
    seen_at = models.DateTimeField(_("looked at"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("looked at by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["done_on", "pk"]
        indexes = [
            models.Index(fields=["enrollment", "item"], name="progress_entry_item_idx"),
            models.Index(fields=["seen_at", "enrollment"], name="progress_entry_seen_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Note(models.Model):
    """A short text someone wrote about a member's year: a comment or a reply."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Comment(Note):
    """The committee's, the mentor's or the member's own word on one entry."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("progress entry"), on_delete=models.CASCADE, related_name="comments"
    )

    class Meta(Note.Meta):
        verbose_name = _("progress comment")
        verbose_name_plural = _("progress comments")


class Mark(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class SelfReview(models.Model):
    """The six-monthly self-review (IV.1 Step 3): in the program's self-review window the
    member marks each confirmed criterion and names their difficulties."""

    enrollment = models.OneToOneField(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="self_review",
    )
    difficulties = models.TextField(_("difficulties"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Raised by every save; a page posted with an older version was changed elsewhere.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("six-monthly self-review")
        verbose_name_plural = _("six-monthly self-reviews")

    def __str__(self) -> str:
        return str(self.enrollment_id)


class ReviewMark(models.Model):
    review = models.ForeignKey(
        SelfReview, verbose_name=_("self-review"), on_delete=models.CASCADE, related_name="marks"
    )
    item = models.ForeignKey(
        "registrations.Item",
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("progress"), max_length=16, choices=Mark.choices)

    class Meta:
        verbose_name = _("self-review mark")
        verbose_name_plural = _("self-review marks")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_mark_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status}"


class Reply(Note):
    """Help offered on a member's self-review by a member of the branch, the committee
    or the mentor (IV.1 Step 3: members comment and help each other)."""

    review = models.ForeignKey(
        SelfReview, verbose_name=_("self-review"), on_delete=models.CASCADE, related_name="replies"
    )

    class Meta(Note.Meta):
        verbose_name = _("reply to a self-review")
        verbose_name_plural = _("replies to self-reviews")
