from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# One path segment per level: the unit's id in base 36, fixed width so that
# prefixes never collide ("a/" vs "ab/") and string order is tree order.
PATH_SEGMENT_WIDTH = 7
PATH_SEP = "/"


def _segment(pk: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        pk, rem = divmod(pk, 36)
        out = digits[rem] + out
        if pk == 0:
            break
    return out.rjust(PATH_SEGMENT_WIDTH, "0") + PATH_SEP


class Level(models.TextChoices):
    UPPER = "upper", _("Upper-level Union")
    BASE = "base", _("Base Union")
    FEDERATION = "federation", _("Branch federation")
    BRANCH = "branch", _("Branch")
    SUBBRANCH = "subbranch", _("Sub-branch")


# Which levels may sit directly under which (DOMAIN.md "Organisation tree").
ALLOWED_CHILDREN = {
    Level.UPPER: {Level.UPPER, Level.BASE},
    Level.BASE: {Level.FEDERATION, Level.BRANCH},
    Level.FEDERATION: {Level.BRANCH},
    Level.BRANCH: {Level.SUBBRANCH},
    Level.SUBBRANCH: set(),
}


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """The unit and every unit below it, at any depth: one indexed prefix query."""
        return self.filter(path__startswith=unit.path)

    def below_any(self, units) -> "UnitQuerySet":
        """Units within the subtree of any of `units`."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)

    def branches(self) -> "UnitQuerySet":
        return self.filter(level=Level.BRANCH)


class Unit(models.Model):
    """A Union organisation: upper-level Union, base Union, federation, branch or sub-branch."""

    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path of base-36 ids, e.g. "0000001/0000004/"; see PATH_SEGMENT_WIDTH.
    path = models.CharField(_("tree path"), max_length=255, editable=False, db_index=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)
    dispersed = models.BooleanField(
        _("dispersed"),
        default=False,
        help_text=_("Members cannot meet together; the committee evaluates (seed IV.1 Step 3)."),
    )
    # A branch whose class graduated is closed, not deleted: its years stay history, and
    # a new program enrolls nobody in it (organizations.services.unit_close).
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%'
            # whatever the database collation; other databases ignore it.
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "path"], name="unit_level_path_idx"),
            models.Index(fields=["name"], name="unit_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The path needs the primary key, so a new unit is written twice; a unit
        # moved under another parent takes its whole subtree along in one UPDATE.
        with transaction.atomic():
            super().save(*args, **kwargs)
            path = (self.parent.path if self.parent_id else "") + _segment(self.pk)
            if path == self.path:
                return
            if self.parent_id and path.startswith(self.path) and self.path:
                raise ValueError("a unit cannot be moved under itself")
            old = self.path
            self.path, self.depth = path, path.count(PATH_SEP) - 1
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                shift = self.depth - (old.count(PATH_SEP) - 1)
                Unit.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(path), Substr("path", len(old) + 1)),
                    depth=F("depth") + shift,
                )

    def is_within(self, other: "Unit") -> bool:
        """True if this unit is `other` or below it."""
        return self.path.startswith(other.path)

    def ancestor_paths(self) -> list[str]:
        """The paths of this unit and every unit above it."""
        n = PATH_SEGMENT_WIDTH + len(PATH_SEP)
        return [self.path[: i + n] for i in range(0, len(self.path), n)]

    def ancestors(self) -> "UnitQuerySet":
        """This unit and the units above it, top first."""
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    @property
    def is_branch(self) -> bool:
        return self.level == Level.BRANCH

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None and self.closed_on <= timezone.localdate()


class Role(models.TextChoices):
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    BRANCH_DEPUTY = "branch_deputy", _("Branch deputy secretary")
    BRANCH_COMMITTEE = "branch_committee", _("Branch committee member")
    FEDERATION_COMMITTEE = "federation_committee", _("Federation committee member")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee member")
    SUPERVISOR = "supervisor", _("School committee member (supervisor)")
    INSPECTION = "inspection", _("Inspection committee member")
    OFFICE = "office", _("Union office")
    ADMIN = "admin", _("System administrator")
    # Held in an upper-level Union (e.g. Đoàn ĐHQGHN): follows every base Union under it.
    UPPER_LEVEL = "upper_level", _("Upper-level Union officer")
    # Held in a sub-branch unit: comments on its members before the branch evaluates.
    SUBBRANCH_LEADER = "subbranch_leader", _("Sub-branch or group leader")


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class RoleAssignment(models.Model):
    """A person's role in one unit; it reaches that unit and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        # A term that ended stays as history, so the same person may hold the same role
        # again later; only one open-ended term at a time.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(ends_on__isnull=True),
                name="unique_open_role_in_unit",
            )
        ]
        indexes = [models.Index(fields=["unit", "role"], name="role_unit_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
