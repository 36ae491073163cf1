from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.evaluations.models import Level as EvaluationLevel


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


# ---------------------------------------------------------------- the registration meeting


class RegistrationMeeting(models.Model):
    """The branch meeting that explains the program and suggests content to register
    (seed IV.1 Step 1), recorded as the evaluation meeting is."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.Unit", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    attendees = models.ManyToManyField(
        "programs.Enrollment", verbose_name=_("members present"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    suggestions = models.TextField(_("content suggested to members"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("registration meeting")
        verbose_name_plural = _("registration meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "branch"], name="one_registration_meeting_per_branch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} — {self.program.school_year}"


# ---------------------------------------------------------------- check-in rounds


class Frequency(models.TextChoices):
    # IV.1 Step 2: "hàng tháng hoặc hàng quý".
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class CheckinPlan(models.Model):
    """How often a branch talks with its members about their progress in one program
    year. The rounds follow from it (support.rounds); without a plan a branch checks in
    quarterly."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.Unit", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    frequency = models.CharField(
        _("check-ins"), max_length=16, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chosen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in plan")
        verbose_name_plural = _("check-in plans")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "branch"], name="one_checkin_plan_per_branch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} — {self.get_frequency_display()}"


class Checkin(models.Model):
    """One round's exchange between the committee (or the member's mentor) and a member:
    progress, difficulty, the support agreed (IV.1 Step 2-3)."""

    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    round = models.PositiveSmallIntegerField(_("round"))
    held_on = models.DateField(_("date"))
    progress = models.TextField(_("progress"))
    difficulty = models.TextField(_("difficulty"), blank=True)
    support = models.TextField(_("support agreed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "round"], name="one_checkin_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} — {self.round}"


# ---------------------------------------------------------------- help requests


class HelpState(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class HelpRequest(models.Model):
    """A member asks the branch committee, or their mentor, for help (IV.1 Step 3)."""

    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="help_requests",
    )
    # Asked of this mentor; empty: of the branch committee.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked of mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("request"))
    state = models.CharField(
        _("state"), max_length=16, choices=HelpState.choices, default=HelpState.OPEN
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "enrollment"], name="help_state_idx")]

    def __str__(self) -> str:
        return self.text[:60]


class HelpReply(models.Model):
    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# ---------------------------------------------------------------- guidance


class Guidance(models.Model):
    """A supervising school committee member's guidance to a unit (seed V.1: the base
    Union guides and checks its units), which the unit's committee acknowledges."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="guidance",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("guidance"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "acknowledged_at"], name="guidance_open_idx")]

    def __str__(self) -> str:
        return self.text[:60]


# ---------------------------------------------------------------- commendation


class CommendationTitle(models.Model):
    """A title the base Union awards for the year, with its criteria (IV.1 Step 2: "xác
    định danh hiệu, tiêu chí khen thưởng"): a minimum level and activities taken part in."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="commendation_titles",
    )
    name = models.CharField(_("title"), max_length=200)
    criteria = models.TextField(_("criteria"), blank=True)
    min_level = models.CharField(
        _("minimum level"), max_length=16, choices=EvaluationLevel.choices, blank=True
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("activities to have taken part in"),
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commendation title")
        verbose_name_plural = _("commendation titles")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_commendation_title")
        ]

    def __str__(self) -> str:
        return self.name


class CommendationProposal(models.Model):
    """The branch proposes a member for a title at evaluation time; the proposals go up
    with the branch's results."""

    title = models.ForeignKey(
        CommendationTitle,
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    enrollment = models.ForeignKey(
        "programs.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="commendation_proposals",
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["title__order", "proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "enrollment"], name="one_proposal_per_title")
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.enrollment}"
