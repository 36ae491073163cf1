from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renluyen.organizations.models import Unit
from renluyen.programs.models import Program


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class MemberImport(models.Model):
    """An uploaded member list, read and checked, waiting for the user to confirm it.

    Nothing reaches the members until `import_apply`; the normalised rows wait here
    and are dropped once the import is applied or discarded (only counts stay).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="member_imports"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    columns = models.JSONField(_("columns"), default=list)
    ignored_columns = models.JSONField(_("ignored columns"), default=list)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # [row number, code, full_name, ...] in renluyen.imports.columns.KEYS order.
    rows = models.JSONField(default=list, editable=False)
    # [row number, problem code, params]: problems of the cells themselves, which only a
    # new file can fix, and all problems including those found against the database.
    file_problems = models.JSONField(default=list, editable=False)
    problems = models.JSONField(default=list, editable=False)
    bad_rows = models.PositiveIntegerField(_("rows with problems"), default=0)
    to_create = models.PositiveIntegerField(_("new members"), default=0)
    to_update = models.PositiveIntegerField(_("updated members"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged members"), default=0)
    to_enroll = models.PositiveIntegerField(_("new enrollments"), default=0)
    samples = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    applied_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="import_unit_created_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_clean(self) -> bool:
        return self.bad_rows == 0

    @property
    def has_changes(self) -> bool:
        return self.to_create + self.to_update > 0

    @property
    def may_apply(self) -> bool:
        return self.status == ImportStatus.PENDING and self.is_clean and self.has_changes
