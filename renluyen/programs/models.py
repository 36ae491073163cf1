import secrets
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.people.models import Member, MemberType


def new_stamp() -> int:
    return secrets.randbits(62)


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Program(models.Model):
    """One school year's Chương trình rèn luyện đoàn viên, run by a base Union.

    Deadlines and rules are data so that each year (and each base Union) can set its own.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="programs"
    )
    school_year = models.CharField(_("school year"), max_length=9, help_text="2020-2021")
    name = models.CharField(_("name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=8, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    # Deadlines (seed II.2, V.2) are "before" dates, as the seed words them: a step
    # must be done before that day. Windows (start/end) include both days.
    registration_deadline = models.DateField(_("registration due before"))
    self_review_start = models.DateField(_("mid-year self-review opens"))
    self_review_end = models.DateField(_("mid-year self-review closes"))
    evaluation_start = models.DateField(_("evaluation opens"))
    evaluation_deadline = models.DateField(_("evaluation due before"))
    report_deadline = models.DateField(_("report due before"))
    # Rules (seed IV.2 Step 1, IV.1 Step 3).
    min_criteria = models.PositiveSmallIntegerField(
        _("minimum number of criteria"), default=10, validators=[MinValueValidator(1)]
    )
    every_area_required = models.BooleanField(_("every area required"), default=True)
    min_solution_length = models.PositiveSmallIntegerField(
        _("minimum length of a solution (characters)"), default=20
    )
    threshold_excellent = models.DecimalField(
        _("threshold: excellent"), max_digits=5, decimal_places=2, default=Decimal("90")
    )
    threshold_good = models.DecimalField(
        _("threshold: good"), max_digits=5, decimal_places=2, default=Decimal("80")
    )
    threshold_pass = models.DecimalField(
        _("threshold: completed"), max_digits=5, decimal_places=2, default=Decimal("70")
    )
    # Reminders (support.reminders): days before a deadline on which members who have not
    # done the step, and committees with work waiting, get an email.
    reminder_days = models.CharField(
        _("reminder days before a deadline"), max_length=40, blank=True, default="14, 7, 2"
    )
    # The base Union's place, printed before the date on forms and reports ("Hà Nội, ngày
    # … tháng … năm …", DOMAIN.md "Union documents").
    place = models.CharField(
        _("place on printed documents"), max_length=100, blank=True, default=""
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Drawn anew, in the same transaction, by every change to the program's areas, criteria
    # or activities (programs.catalog.catalog_changed): the key of the catalog cached in
    # each process. Random rather than counted, so that a value is never seen twice: a
    # counter would repeat after a rolled-back change, and between databases that reuse
    # the same program ids (test databases, a demo re-seeded under a running server).
    catalog_stamp = models.BigIntegerField(default=new_stamp, editable=False)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-school_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "school_year"], name="one_program_per_year"),
            models.CheckConstraint(
                condition=models.Q(threshold_excellent__gt=models.F("threshold_good"))
                & models.Q(threshold_good__gt=models.F("threshold_pass")),
                name="thresholds_descending",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total_points(self) -> Decimal:
        return sum((area.points for area in self.areas.all()), Decimal(0))


class Area(models.Model):
    """One of the content areas (nội dung rèn luyện), worth `points` of the total."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=Decimal("20"))

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_area_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A criterion (tiêu chí) a member may register under an area.

    With a member type set it is one of the per-type targets of seed III.3 and is
    offered only to members of that type.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("content area"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=16)
    text = models.TextField(_("text"))
    member_type = models.CharField(
        _("only for member type"), max_length=16, choices=MemberType.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["area__number", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="unique_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class Enrollment(models.Model):
    """A member's place in one program year: the branch they train and are evaluated in."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="enrollments"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enrollments"
    )
    branch = models.ForeignKey(
        Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="enrollments"
    )
    # The sub-branch or group (a sub-branch unit of `branch`) whose comments a large or
    # dispersed branch's committee draws on at evaluation (seed IV.1 Step 3).
    group = models.ForeignKey(
        Unit,
        verbose_name=_("sub-branch or group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_enrollments",
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["program", "member"], name="one_enrollment_per_year")
        ]
        indexes = [models.Index(fields=["program", "branch"], name="enrollment_branch_idx")]

    def __str__(self) -> str:
        return f"{self.member} — {self.branch} — {self.program.school_year}"
