"""Per-branch roll-ups of one program's figures, kept equal to the raw counts by the
services that change them (`rollups.refresh_branch`), so that every dashboard, ranking
and report above a branch sums a few rows per branch instead of counting members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.programs.models import Program

# The counts a BranchFigures row holds, in the order the pages show them.
COUNTS = [
    "members",
    "registered",
    "registered_on_time",
    "confirmed",
    "self_reviewed",
    "checked_in",
    "self_evaluated",
    "evaluated",
    "excellent",
    "good",
    "completed",
    "not_completed",
]
LEVEL_COUNTS = ["excellent", "good", "completed", "not_completed"]
# Counts kept for the registration overview and the results pages, not shown by the
# dashboards: forms per state (the other states are `confirmed`, and "not registered"
# is what remains of `members`), and the members classified Không hoàn thành while
# they wait for scores (the results pages count every stored level, the dashboards only
# complete results).
PAGE_COUNTS = ["draft", "awaiting", "returned", "additions", "not_evaluated"]
STORED = [*COUNTS, *PAGE_COUNTS]


class BranchFigures(models.Model):
    """One program's figures for the members enrolled in one unit (a branch, or a
    sub-branch when members are enrolled there): see rollups.py for what each counts."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        Unit, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+"
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    registered = models.PositiveIntegerField(_("registered"), default=0)
    registered_on_time = models.PositiveIntegerField(_("registered on time"), default=0)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    self_reviewed = models.PositiveIntegerField(_("mid-year self-review sent"), default=0)
    checked_in = models.PositiveIntegerField(_("had a check-in"), default=0)
    self_evaluated = models.PositiveIntegerField(_("self-evaluated"), default=0)
    evaluated = models.PositiveIntegerField(_("evaluated"), default=0)
    excellent = models.PositiveIntegerField(_("excellent completion"), default=0)
    good = models.PositiveIntegerField(_("good completion"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)
    not_completed = models.PositiveIntegerField(_("not completed"), default=0)
    draft = models.PositiveIntegerField(_("Draft"), default=0)
    awaiting = models.PositiveIntegerField(_("Awaiting review"), default=0)
    returned = models.PositiveIntegerField(_("Returned"), default=0)
    additions = models.PositiveIntegerField(_("Additions awaiting review"), default=0)
    not_evaluated = models.PositiveIntegerField(_("Not evaluated"), default=0)
    # The branch's results on their way up (evaluations.BranchState), "" before any.
    results_state = models.CharField(_("results state"), max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branch figures")
        verbose_name_plural = _("branch figures")
        constraints = [
            models.UniqueConstraint(fields=["program", "branch"], name="one_figures_per_branch")
        ]

    def __str__(self) -> str:
        return f"{self.branch} — {self.program.school_year}"


class BranchWeek(models.Model):
    """How many members of a branch reached each step in one week (Monday), for the
    progress line over the year."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        Unit, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week of"))
    registered = models.PositiveIntegerField(_("registered"), default=0)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    self_evaluated = models.PositiveIntegerField(_("self-evaluated"), default=0)

    class Meta:
        verbose_name = _("branch week")
        verbose_name_plural = _("branch weeks")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "branch", "week"], name="one_week_per_branch"
            )
        ]
        indexes = [models.Index(fields=["program", "week"], name="branch_week_idx")]

    def __str__(self) -> str:
        return f"{self.branch} — {self.week}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """An export too large to write while a person waits: written by the `run_exports`
    command (cron), its progress shown on a page, the file downloaded when ready."""

    kind = models.CharField(_("kind"), max_length=16)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=8, choices=ExportState.choices, default=ExportState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # A run holds the job until this time; a run that died leaves it to the next one.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["state", "created_at"], name="export_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind} — {self.unit} — {self.get_state_display()}"

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
