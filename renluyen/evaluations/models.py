"""Evaluation of the year's training (IV.1 Step 3): self-scores, the branch's
collective scores, each member's stored result, and the branch's results on their way
to recognition by the base Union."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.models import Item


class Level(models.TextChoices):
    """The four levels of seed IV.1 Step 3, best first."""

    EXCELLENT = "excellent", _("Excellent completion")
    GOOD = "good", _("Good completion")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


class Reason(models.TextChoices):
    """Why a member is Không hoàn thành (blank for the other levels)."""

    NOT_REGISTERED = "not_registered", _("No confirmed registration")
    NOT_EVALUATED = "not_evaluated", _("Not evaluated")
    BELOW_THRESHOLD = "below_threshold", _("Score below the completion threshold")


class SelfState(models.TextChoices):
    DRAFT = "draft", _("Self-evaluation in draft")
    SUBMITTED = "submitted", _("Self-evaluation submitted")


class Evaluation(models.Model):
    """One member's evaluation for one program year, with the stored result that lists,
    exports and reports read (they never recompute forms)."""

    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    self_state = models.CharField(
        _("self-evaluation"), max_length=16, choices=SelfState.choices, default=SelfState.DRAFT
    )
    self_submitted_at = models.DateTimeField(_("self-evaluation submitted at"), null=True)
    # The branch's comment (nhận xét) on this member at the evaluation meeting.
    comment = models.TextField(_("branch comment"), blank=True)
    # The branch committee has acted on this member: accepted the self-scores as they
    # stand or entered scores of its own (IV.1 Step 3). Until then the member waits.
    reviewed_at = models.DateTimeField(_("evaluated by the branch at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # True once the committee accepted the self-scores as they stand (one key, recorded).
    accepted = models.BooleanField(_("self-scores accepted"), default=False)
    # Why the branch's scores differ from the member's own (required when any does); the
    # member reads it beside the scores once the results are finalized.
    change_reason = models.TextField(_("reason for the changed scores"), blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices, blank=True)
    # Raised by every write of the member's self-evaluation form.
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [models.Index(fields=["level"], name="evaluation_level_idx")]

    def __str__(self) -> str:
        return str(self.enrollment)


class Score(models.Model):
    """The scores of one confirmed criterion on the form."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.OneToOneField(
        Item, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="score"
    )
    # Set by the branch committee for every criterion of an area at once, adding up to
    # the area's points; null means the area's points are split equally.
    max_points = models.DecimalField(
        _("maximum"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_score = models.DecimalField(
        _("self-score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("what was done"), blank=True)
    collective_score = models.DecimalField(
        _("collective score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.item}: {self.self_score} / {self.collective_score}"


class GroupComment(models.Model):
    """A sub-branch's or group's comment on a member, entered before a large or dispersed
    branch's committee evaluates (seed IV.1 Step 3)."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="group_comments",
    )
    group = models.ForeignKey(
        Unit,
        verbose_name=_("sub-branch or group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group comment")
        verbose_name_plural = _("group comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BranchState(models.TextChoices):
    OPEN = "open", _("Evaluating")
    FINALIZED = "finalized", _("Finalized by the branch")
    FORWARDED = "forwarded", _("Forwarded by the federation")
    RETURNED = "returned", _("Returned to the branch")
    RECOGNIZED = "recognized", _("Recognized by the base Union")


class BranchEvaluation(models.Model):
    """A branch's evaluation of one program year: the meeting and the results' way up."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=BranchState.choices, default=BranchState.OPEN
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    attendees = models.ManyToManyField(
        Enrollment, verbose_name=_("members present"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    # The latest comment of a federation or the base Union that returned the results.
    return_comment = models.TextField(_("return comment"), blank=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    recognized_at = models.DateTimeField(_("recognized at"), null=True, blank=True)
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recognized by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("branch evaluation")
        verbose_name_plural = _("branch evaluations")
        constraints = [
            models.UniqueConstraint(fields=["program", "branch"], name="one_evaluation_per_branch")
        ]
        indexes = [models.Index(fields=["program", "state"], name="branch_eval_state_idx")]

    def __str__(self) -> str:
        return f"{self.branch} — {self.program.school_year}"
