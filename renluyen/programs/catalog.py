"""A program's catalog: its areas, criteria and activities, the same for every member of
the program, read once per change and kept in this process.

Every member's form view, draft save and self-evaluation needs them; they change a few
times a year (the catalog editor, the admin, activities added by branches). The cache is
keyed by the program's `catalog_stamp`, which every change draws anew in the same
transaction (`catalog_changed`), and which each request reads with the program row it
reads anyway: a change is seen by the next request of every worker, and no stamp is
ever reused (a rolled-back change, another database with the same program ids).

The cached objects are shared by the requests of this process: read them, never change
them.
"""

from dataclasses import dataclass

from django.db import connections

from renluyen.programs.models import Area, Criterion, Program, new_stamp

# (database name, program pk) -> ProgramCatalog; one entry per program, replaced when its
# stamp changes, so the cache holds at most one catalog per program.
_cache: dict = {}


@dataclass(frozen=True)
class ProgramCatalog:
    stamp: int
    # By number.
    areas: tuple
    # By area number, order, code; each criterion's `area` is its area in `areas`.
    criteria: tuple
    # By first day and title (the database's order), with their organising unit and area.
    activities: tuple
    # Organising unit's path -> (position in `activities`, activity): a member's branch
    # reads its few ancestors' lists, not every activity of a large school.
    by_unit_path: dict

    def criteria_for(self, member_type: str) -> list:
        """The criteria offered to members of `member_type` (the common ones and that
        type's own targets, seed III.3), in the form's order."""
        return [c for c in self.criteria if not c.member_type or c.member_type == member_type]

    def activities_for(self, branch) -> list:
        """The activities a member of `branch` may put on their form: organised by the
        branch or any unit above it (`activities.services.available_to`)."""
        found = [
            pair for path in branch.ancestor_paths() for pair in self.by_unit_path.get(path, ())
        ]
        return [activity for _position, activity in sorted(found, key=lambda pair: pair[0])]


def program_catalog(program: Program) -> ProgramCatalog:
    """`program`'s catalog as of `program.catalog_stamp` (read with the program row)."""
    key = (connections[program._state.db or "default"].settings_dict["NAME"], program.pk)
    found = _cache.get(key)
    if found is not None and found.stamp == program.catalog_stamp:
        return found
    found = _load(program)
    _cache[key] = found
    return found


def _load(program: Program) -> ProgramCatalog:
    # Imported here: activities' models import programs' models.
    from renluyen.activities.models import Activity

    areas = tuple(Area.objects.filter(program=program).order_by("number"))
    area_of = {area.pk: area for area in areas}
    criteria = tuple(
        Criterion.objects.filter(area__program=program).order_by("area__number", "order", "code")
    )
    for criterion in criteria:
        # Each criterion shares its area's one instance (criterion.area costs no query).
        criterion.area = area_of[criterion.area_id]
    activities = tuple(
        Activity.objects.filter(program=program)
        .select_related("unit", "area")
        # Changed by the attendance screens without a new stamp: read fresh if asked for.
        .defer("checkin_code")
        .order_by("starts_on", "title")
    )
    by_unit_path: dict = {}
    for position, activity in enumerate(activities):
        by_unit_path.setdefault(activity.unit.path, []).append((position, activity))
    return ProgramCatalog(
        stamp=program.catalog_stamp,
        areas=areas,
        criteria=criteria,
        activities=activities,
        by_unit_path=by_unit_path,
    )


def catalog_changed(program: Program | int) -> None:
    """Call in the transaction that changes `program`'s areas, criteria or activities (or
    what they show: an organising unit's name or place): the next read of the catalog,
    in any process, reads it again. The instance passed gets the new stamp too."""
    stamp = new_stamp()
    pk = program if isinstance(program, int) else program.pk
    Program.objects.filter(pk=pk).update(catalog_stamp=stamp)
    if isinstance(program, Program):
        program.catalog_stamp = stamp


def all_catalogs_changed() -> None:
    """An organising unit was renamed or moved: every program's activities show it."""
    Program.objects.update(catalog_stamp=new_stamp())


def clear() -> None:
    """Forget every cached catalog (tests measuring queries from a cold start)."""
    _cache.clear()
