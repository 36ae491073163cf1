"""Member import: read a list, check it against the database, write it on confirmation.

The rules (issue item 7): the Union office imports into its whole base Union, a branch
secretary into their own branch; every row names a branch inside the target unit; a
member code that belongs to a member outside the target unit is refused; nothing is
written while any row has a problem, and a confirmed list is written in one transaction.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.bulk import update_rows as _update_rows
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can, may_in_unit
from renluyen.core.text import clean
from renluyen.dashboards import rollups
from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.imports import reader
from renluyen.imports.columns import KEYS
from renluyen.imports.models import ImportStatus, MemberImport
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member, MemberStatus
from renluyen.people.search import member_search_text
from renluyen.programs.models import Enrollment, Program, ProgramStatus

TARGET_LEVELS = (Level.BASE, Level.FEDERATION, Level.BRANCH)
ENROLLABLE = (ProgramStatus.OPEN, ProgramStatus.DRAFT)
BATCH = 1000  # rows per INSERT or per executemany call
# Rows per IN (...) lookup: below every database's limit on query parameters.
LOOKUP_CHUNK = 900
SAMPLE_SIZE = 25
LOCKED_STATES = (BranchState.FINALIZED, BranchState.FORWARDED, BranchState.RECOGNIZED)
# Member fields a row may set; a blank optional cell keeps the stored value.
OPTIONAL = ("date_of_birth", "gender", "email", "phone", "status")


def base_union_of(unit: Unit) -> Unit | None:
    """The base Union that is `unit` or above it: the one that runs its programs."""
    return unit.ancestors().filter(level=Level.BASE).last()


def enrollable_programs(unit: Unit):
    """Programs a list imported into `unit` may enroll into, newest first."""
    base = base_union_of(unit)
    return Program.objects.filter(unit=base, status__in=ENROLLABLE).order_by("-school_year")


def _check_target(user, unit: Unit, program: Program | None) -> None:
    if not may_in_unit(user, Action.IMPORT_MEMBERS, unit):
        raise DomainError(_("You may not import members into %(unit)s.") % {"unit": unit.name})
    if unit.level not in TARGET_LEVELS:
        raise DomainError(
            _("Members are imported into a base Union, a branch federation or a branch.")
        )
    base = base_union_of(unit)
    if program is not None and (
        program.status not in ENROLLABLE or base is None or program.unit_id != base.pk
    ):
        raise DomainError(
            _("Members can only be enrolled in an open or draft program of their base Union.")
        )


@dataclass
class Plan:
    """What confirming the rows would do to the database now."""

    problems: list = field(default_factory=list)
    creates: list = field(default_factory=list)  # unsaved Members
    updates: dict = field(default_factory=dict)  # (changed field, ...) -> [Member, ...]
    enroll_created: list = field(default_factory=list)  # new Members to enroll
    enroll_existing: list = field(default_factory=list)  # unsaved Enrollments
    enroll_moves: list = field(default_factory=list)  # Enrollments with a new branch
    updated: int = 0
    unchanged: int = 0
    samples: dict = field(default_factory=lambda: {"create": [], "update": []})

    @property
    def bad_rows(self) -> int:
        return len({p[0] for p in self.problems})

    @property
    def to_enroll(self) -> int:
        return len(self.enroll_created) + len(self.enroll_existing)


def _chunks(items, size=LOOKUP_CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def plan_rows(*, rows, unit: Unit, program: Program | None, user, file_problems=()) -> Plan:
    """Compare the rows with the database; a fixed number of queries per 900 rows."""
    plan = Plan(problems=[list(p) for p in file_problems])
    bad_in_file = {p[0] for p in file_problems}
    units = {
        u.pk: u
        for u in Unit.objects.subtree(unit).only("code", "name", "level", "path", "closed_on")
    }
    by_code = {u.code: u for u in units.values()}
    by_upper = {u.code.upper(): u for u in units.values()}

    existing: dict[str, Member] = {}
    for chunk in _chunks({r[1] for r in rows if r[1]}):
        existing.update((m.code, m) for m in Member.objects.filter(code__in=chunk))
    enrollments: dict[int, Enrollment] = {}
    if program is not None:
        for chunk in _chunks(m.pk for m in existing.values()):
            enrollments.update(
                (e.member_id, e)
                for e in Enrollment.objects.filter(program=program, member_id__in=chunk)
            )
    outside_ids = {m.branch_id for m in existing.values()} | {
        e.branch_id for e in enrollments.values()
    }
    outside = Unit.objects.in_bulk(outside_ids - units.keys())
    # A year whose results are on their way up or recognized is history (issue 9 item 5):
    # no row may move a member's enrollment out of such a branch, or into one.
    locked = set()
    if program is not None:
        locked = set(
            BranchEvaluation.objects.filter(program=program, state__in=LOCKED_STATES).values_list(
                "branch_id", flat=True
            )
        )

    for stored in rows:
        number, values = stored[0], dict(zip(KEYS, stored[1:], strict=True))
        found = []
        code = values["code"]
        branch = _branch(values["branch_code"], unit, by_code, by_upper, found)
        member = existing.get(code) if code else None
        enrollment = enrollments.get(member.pk) if member else None
        if member is not None and member.branch_id not in units:
            other = outside[member.branch_id]
            if can(user, Action.VIEW_UNIT, other):
                params = {"code": code, "name": member.full_name, "branch": other.name}
                found.append(("code_in_other_branch", {**params, "unit": unit.name}))
            else:
                found.append(("code_in_hidden_branch", {"code": code}))
        elif enrollment is not None and enrollment.branch_id not in units:
            found.append(("enrolled_elsewhere", {"code": code}))
        if branch is not None and program is not None and not found:
            found += _locked_year(member, enrollment, branch, locked, units, program)
        plan.problems.extend([number, c, p] for c, p in found)
        if found or number in bad_in_file:
            continue
        if member is None:
            _plan_create(plan, number, values, branch, program)
        else:
            _plan_update(plan, number, values, branch, member, enrollment, program, units)
    plan.problems.sort(key=lambda p: p[0])
    return plan


def _locked_year(member, enrollment, branch, locked, units, program) -> list:
    """The problem of a row that would change a year whose results are locked."""
    if enrollment is not None and enrollment.branch_id != branch.pk:
        for branch_id in (enrollment.branch_id, branch.pk):
            if branch_id in locked:
                name = units[branch_id].name if branch_id in units else ""
                params = {"code": member.code, "branch": name, "program": program.name}
                return [("results_locked", params)]
    elif (
        enrollment is None
        and branch.pk in locked
        and (member is None or member.status == MemberStatus.ACTIVE)
    ):
        code = member.code if member is not None else ""
        return [
            ("results_locked_new", {"code": code, "branch": branch.name, "program": program.name})
        ]
    return []


def _branch(code, unit, by_code, by_upper, found) -> Unit | None:
    if not code:
        if unit.is_branch:
            return unit
        found.append(("missing_branch_code", {"unit": unit.name}))
        return None
    branch = by_code.get(code) or by_upper.get(code.upper())
    if branch is None:
        found.append(("unknown_branch_code", {"value": code, "unit": unit.name}))
    elif branch.level != Level.BRANCH:
        found.append(("not_a_branch", {"value": code, "name": branch.name}))
        return None
    elif branch.is_closed:
        found.append(("branch_closed", {"value": code, "name": branch.name}))
        return None
    return branch


def _member_values(values) -> dict:
    out = {"full_name": values["full_name"], "member_type": values["member_type"]}
    for key in OPTIONAL:
        if values[key] is not None:
            out[key] = values[key]
    if "date_of_birth" in out:
        out["date_of_birth"] = date.fromisoformat(out["date_of_birth"])
    return out


def _plan_create(plan: Plan, number, values, branch, program) -> None:
    member = Member(code=values["code"], branch=branch, **_member_values(values))
    member.search_text = member_search_text(member)  # bulk_create skips save()
    plan.creates.append(member)
    if program is not None and member.status == MemberStatus.ACTIVE:
        plan.enroll_created.append(member)
    if len(plan.samples["create"]) < SAMPLE_SIZE:
        plan.samples["create"].append(
            {"row": number, "code": member.code, "name": member.full_name, "branch": branch.name}
        )


def _plan_update(plan: Plan, number, values, branch, member, enrollment, program, units) -> None:
    changes = []
    new = _member_values(values)
    for name, value in new.items():
        old = getattr(member, name)
        if old != value:
            changes.append([name, _show(old), _show(value)])
            setattr(member, name, value)
    if member.branch_id != branch.pk:
        changes.append(["branch", units[member.branch_id].name, branch.name])
        member.branch = branch
    if changes:
        key = tuple(c[0] for c in changes)
        if {"full_name", "email"} & set(key):
            member.search_text = member_search_text(member)
            key += ("search_text",)
        plan.updates.setdefault(key, []).append(member)
    if program is not None and member.status == MemberStatus.ACTIVE:
        if enrollment is None:
            plan.enroll_existing.append(
                Enrollment(program=program, member=member, branch_id=branch.pk)
            )
            changes.append(["enrollment", "", branch.name])
        elif enrollment.branch_id != branch.pk:
            changes.append(["enrollment", units[enrollment.branch_id].name, branch.name])
            enrollment.branch_id = branch.pk
            plan.enroll_moves.append(enrollment)
    if not changes:
        plan.unchanged += 1
        return
    plan.updated += 1
    if len(plan.samples["update"]) < SAMPLE_SIZE:
        plan.samples["update"].append(
            {"row": number, "code": member.code, "name": member.full_name, "changes": changes}
        )


def _show(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _store(member_import: MemberImport, plan: Plan) -> None:
    member_import.problems = plan.problems
    member_import.bad_rows = plan.bad_rows
    member_import.to_create = len(plan.creates)
    member_import.to_update = plan.updated
    member_import.unchanged = plan.unchanged
    member_import.to_enroll = plan.to_enroll
    member_import.samples = plan.samples
    member_import.checked_at = timezone.now()


def import_upload(*, user, unit: Unit, program: Program | None, file_name: str, data: bytes):
    """Read and check an uploaded list; stores it as a pending import, writes no member."""
    _check_target(user, unit, program)
    parsed = reader.parse(data, file_name, branch_optional=unit.is_branch)
    plan = plan_rows(
        rows=parsed.rows, unit=unit, program=program, user=user, file_problems=parsed.problems
    )
    member_import = MemberImport(
        unit=unit,
        program=program,
        uploaded_by=user,
        file_name=clean(file_name)[:255] or "?",
        header_row=parsed.header_row,
        columns=parsed.columns,
        ignored_columns=parsed.ignored[:50],
        row_count=len(parsed.rows),
        rows=parsed.rows,
        file_problems=parsed.problems,
    )
    _store(member_import, plan)
    with transaction.atomic():
        member_import.save()
        record(
            actor=user,
            verb="member_import.upload",
            obj=member_import,
            unit=unit,
            file=member_import.file_name,
            rows=member_import.row_count,
            bad_rows=member_import.bad_rows,
        )
    return member_import


def _already_done() -> DomainError:
    return DomainError(
        _("This import was already confirmed or discarded; nothing was written this time.")
    )


@transaction.atomic
def import_recheck(*, member_import: MemberImport, user) -> MemberImport:
    """Check a pending import again against the members as they are now."""
    locked = MemberImport.objects.select_for_update(of=("self",)).select_related("unit", "program")
    member_import = locked.get(pk=member_import.pk)
    if member_import.status != ImportStatus.PENDING:
        raise _already_done()
    _check_target(user, member_import.unit, member_import.program)
    plan = plan_rows(
        rows=member_import.rows,
        unit=member_import.unit,
        program=member_import.program,
        user=user,
        file_problems=member_import.file_problems,
    )
    _store(member_import, plan)
    member_import.save()
    record(
        actor=user,
        verb="member_import.recheck",
        obj=member_import,
        unit=member_import.unit,
        bad_rows=member_import.bad_rows,
    )
    return member_import


@transaction.atomic
def import_apply(*, member_import: MemberImport, user) -> MemberImport:
    """Write a clean import: every row or none, in one transaction, at most once.

    The status is claimed first with a conditional UPDATE, so a second confirmation
    (a double click, a second tab) finds nothing pending and writes nothing. The rows
    are checked again against the database as it is now; any problem rolls it all back.
    """
    now = timezone.now()
    claimed = MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.APPLIED, applied_at=now, applied_by=user
    )
    if not claimed:
        raise _already_done()
    member_import = MemberImport.objects.select_related("unit", "program").get(pk=member_import.pk)
    unit, program = member_import.unit, member_import.program
    _check_target(user, unit, program)
    if member_import.file_problems:
        raise DomainError(_("The file has rows with problems; fix them and upload it again."))
    plan = plan_rows(rows=member_import.rows, unit=unit, program=program, user=user)
    if plan.problems:
        raise DomainError(
            _(
                "The member list changed since the check: %(n)s row(s) now have problems. "
                "Nothing was written."
            )
            % {"n": plan.bad_rows},
            problems=plan.problems,
        )
    if not (plan.creates or plan.updated):
        raise DomainError(_("Nothing to write: every member in the file is already up to date."))

    Member.objects.bulk_create(plan.creates, batch_size=BATCH)
    if any(m.pk is None for m in plan.creates):  # databases that return no ids
        ids = {}
        for chunk in _chunks(m.code for m in plan.creates):
            ids.update(Member.objects.filter(code__in=chunk).values_list("code", "pk"))
        for m in plan.creates:
            m.pk = ids[m.code]
    for changed, members in plan.updates.items():
        for m in members:
            m.updated_at = now
        _update_rows(Member, members, [*changed, "updated_at"])
    Enrollment.objects.bulk_create(
        [Enrollment(program=program, member=m, branch_id=m.branch_id) for m in plan.enroll_created]
        + plan.enroll_existing,
        batch_size=BATCH,
    )
    _update_rows(Enrollment, plan.enroll_moves, ["branch"])
    if program is not None:
        rollups.refresh_program(program=program)

    _store(member_import, plan)
    member_import.rows = []
    member_import.save()
    record(
        actor=user,
        verb="member_import.apply",
        obj=member_import,
        unit=unit,
        program=program.pk if program else None,
        file=member_import.file_name,
        created=member_import.to_create,
        updated=member_import.to_update,
        unchanged=member_import.unchanged,
        enrolled=member_import.to_enroll,
    )
    return member_import


@transaction.atomic
def import_discard(*, member_import: MemberImport, user) -> MemberImport:
    """Drop a pending import and the rows it holds."""
    locked = MemberImport.objects.select_for_update(of=("self",)).select_related("unit")
    member_import = locked.get(pk=member_import.pk)
    if member_import.status != ImportStatus.PENDING:
        raise _already_done()
    member_import.status = ImportStatus.DISCARDED
    member_import.rows = []
    member_import.save(update_fields=["status", "rows"])
    record(actor=user, verb="member_import.discard", obj=member_import, unit=member_import.unit)
    return member_import
