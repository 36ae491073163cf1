"""Workflow steps on programs: load the seed catalog, copy a program into a new year,
edit a program's settings, areas and criteria."""

import re
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import MemberType
from renluyen.programs import catalog_2020
from renluyen.programs.models import Area, Criterion, Program, ProgramStatus

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def parse_school_year(text: str) -> tuple[int, int]:
    match = SCHOOL_YEAR_RE.match(text.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise DomainError(_("The school year must look like 2021-2022 (two consecutive years)."))
    return int(match.group(1)), int(match.group(2))


@transaction.atomic
def program_load_2020(*, unit: Unit, user=None) -> Program:
    """Create the 2020–2021 program of the seed under `unit` (a base Union); idempotent."""
    if unit.level != Level.BASE:
        raise DomainError(_("A training program is run by a base Union."))
    existing = Program.objects.filter(unit=unit, school_year=catalog_2020.SCHOOL_YEAR).first()
    if existing:
        return existing
    program = Program.objects.create(
        unit=unit,
        school_year=catalog_2020.SCHOOL_YEAR,
        name=catalog_2020.NAME,
        place=catalog_2020.PLACE,
        status=ProgramStatus.OPEN,
        **catalog_2020.DEADLINES,
    )
    for area_data in catalog_2020.AREAS:
        area = Area.objects.create(
            program=program,
            number=area_data["number"],
            title=area_data["title"],
            description=area_data["description"],
        )
        rows = [
            Criterion(area=area, code=code, text=text, order=i)
            for i, (code, text) in enumerate(area_data["criteria"], start=1)
        ]
        rows += [
            Criterion(area=area, code=code, text=text, member_type=member_type, order=100 + i)
            for i, (code, member_type, text) in enumerate(area_data.get("targets", []), start=1)
        ]
        Criterion.objects.bulk_create(rows)
    record(actor=user, verb="program.load", obj=program, unit=unit, source="seed 2020-2021")
    return program


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def program_copy(*, program: Program, school_year: str, user) -> Program:
    """Copy a program with its areas, criteria and settings into a new school year.

    Deadlines move by the difference in years; the copy starts as a draft so the
    standing committee can edit it before opening it.
    """
    school_year = school_year.strip()
    start, _end = parse_school_year(school_year)
    old_start, _old_end = parse_school_year(program.school_year)
    if Program.objects.filter(unit=program.unit, school_year=school_year).exists():
        raise DomainError(
            _("School year %(year)s already has a program; edit that one instead.")
            % {"year": school_year}
        )
    shift = start - old_start
    copy = Program.objects.create(
        unit=program.unit,
        school_year=school_year,
        name=program.name.replace(
            program.school_year.replace("-", " - "), school_year.replace("-", " - ")
        ).replace(program.school_year, school_year),
        status=ProgramStatus.DRAFT,
        registration_deadline=_shift_year(program.registration_deadline, shift),
        self_review_start=_shift_year(program.self_review_start, shift),
        self_review_end=_shift_year(program.self_review_end, shift),
        evaluation_start=_shift_year(program.evaluation_start, shift),
        evaluation_deadline=_shift_year(program.evaluation_deadline, shift),
        report_deadline=_shift_year(program.report_deadline, shift),
        min_criteria=program.min_criteria,
        every_area_required=program.every_area_required,
        min_solution_length=program.min_solution_length,
        threshold_excellent=program.threshold_excellent,
        threshold_good=program.threshold_good,
        threshold_pass=program.threshold_pass,
        reminder_days=program.reminder_days,
        place=program.place,
        copied_from=program,
    )
    for area in program.areas.prefetch_related("criteria"):
        new_area = Area.objects.create(
            program=copy,
            number=area.number,
            title=area.title,
            description=area.description,
            points=area.points,
        )
        Criterion.objects.bulk_create(
            Criterion(
                area=new_area, code=c.code, text=c.text, member_type=c.member_type, order=c.order
            )
            for c in area.criteria.all()
        )
    record(actor=user, verb="program.copy", obj=copy, unit=copy.unit, source=program.pk)
    return copy


def check_program(program: Program) -> list[str]:
    """Problems that keep a program from being opened, in Vietnamese."""
    problems = []
    areas = list(program.areas.prefetch_related("criteria"))
    if not areas:
        problems.append(_("The program has no content areas yet."))
    for area in areas:
        if not area.criteria.all():
            problems.append(
                _("Area %(area)s has no criteria yet.") % {"area": f"{area.number}. {area.title}"}
            )
    total = sum((a.points for a in areas), 0)
    if areas and total != 100:
        problems.append(
            _("The areas' points must add up to 100; they add up to %(total)s.") % {"total": total}
        )
    if not (
        program.self_review_start <= program.self_review_end
        and program.evaluation_start < program.evaluation_deadline
    ):
        problems.append(_("Each window must open before it closes."))
    return problems


def next_school_year(school_year: str) -> str:
    """The school year after `school_year` ("2020-2021" -> "2021-2022")."""
    start, end = parse_school_year(school_year)
    return f"{start + 1}-{end + 1}"


# --- Editing the catalog ------------------------------------------------------------
#
# Who may edit is the policy's business (Action.EDIT_PROGRAM); what may change is decided
# here. While a program is a draft everything may change. Once it is open (or closed),
# members' forms refer to its areas and criteria, so its structure is fixed: no area is
# added or deleted, no criterion deleted, an area keeps its number and points (forms are
# scored by them) and a criterion keeps the member type it is offered to. Texts, codes
# and order stay editable, and an open program may still gain criteria.

# (form field or None, message): lets a form show a problem next to its field.
Problem = tuple[str | None, str]

SETTINGS_FIELDS = (
    "name",
    "status",
    "registration_deadline",
    "self_review_start",
    "self_review_end",
    "evaluation_start",
    "evaluation_deadline",
    "report_deadline",
    "min_criteria",
    "every_area_required",
    "min_solution_length",
    "threshold_excellent",
    "threshold_good",
    "threshold_pass",
    "reminder_days",
    "place",
)

DATE_FIELDS = SETTINGS_FIELDS[2:8]

# An open program never goes back to draft: a draft's areas and criteria may be
# deleted, and members' forms refer to them. A closed year may be reopened.
STATUS_CHANGES = {
    ProgramStatus.DRAFT: {ProgramStatus.OPEN},
    ProgramStatus.OPEN: {ProgramStatus.CLOSED},
    ProgramStatus.CLOSED: {ProgramStatus.OPEN},
}


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise DomainError(problems[0][1], problems=[message for _field, message in problems])


def _locked_program(program: Program) -> Program:
    """The program's row, locked until the transaction ends, so a status change and an
    edit that depends on the status cannot interleave."""
    return Program.objects.select_for_update().select_related("unit").get(pk=program.pk)


def _audit_value(value):
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _changes(obj, values: dict) -> dict:
    """{field: [old, new]} for the fields of `values` that differ on `obj`, JSON-safe."""
    return {
        field: [_audit_value(getattr(obj, field)), _audit_value(new)]
        for field, new in values.items()
        if getattr(obj, field) != new
    }


def _save_changes(obj, values: dict, *, user, verb: str, program: Program) -> None:
    """Set and save the fields of `values` that differ on `obj`, with one audit event."""
    changes = _changes(obj, values)
    if not changes:
        return
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save(update_fields=list(changes))
    record(actor=user, verb=verb, obj=obj, unit=program.unit, program=program.pk, changes=changes)


def program_settings_problems(*, school_year: str, values: dict) -> list[Problem]:
    """The rules for a program's deadlines and settings.

    The steps follow each other (seed II.2, IV.1): registration is due before the
    mid-year self-review opens, which closes before the evaluation opens, which is due
    no later than the report. Windows include both days, "due before" dates are
    exclusive, so the evaluation must open before its due date. Every date lies in one
    of the school year's two calendar years (a mistyped year is the usual slip).
    Thresholds are inclusive lower bounds out of 100 (seed IV.1 Step 3: 90/80/70),
    strictly descending. At least one criterion is required (seed IV.2 Step 1: 10).
    A missing value (a field that did not parse) is skipped, not reported twice.
    """
    get = values.get
    problems: list[Problem] = []
    if "name" in values and not (get("name") or "").strip():
        problems.append(("name", _("Enter the program's name.")))

    first, last = parse_school_year(school_year)
    for field in DATE_FIELDS:
        day = get(field)
        if day is not None and day.year not in (first, last):
            problems.append(
                (
                    field,
                    _("Pick a date in school year %(year)s (in %(first)s or %(last)s).")
                    % {"year": school_year, "first": first, "last": last},
                )
            )

    # (earlier, later, must be strictly earlier, field flagged, message)
    order = [
        (
            "registration_deadline",
            "self_review_start",
            False,
            "self_review_start",
            _("The mid-year self-review cannot open before registration is due."),
        ),
        (
            "self_review_start",
            "self_review_end",
            False,
            "self_review_end",
            _("The self-review window must open before it closes."),
        ),
        (
            "self_review_end",
            "evaluation_start",
            False,
            "evaluation_start",
            _("The evaluation cannot open before the self-review closes."),
        ),
        (
            "registration_deadline",
            "evaluation_start",
            False,
            "registration_deadline",
            _("Registration must be due before the evaluation opens."),
        ),
        (
            "evaluation_start",
            "evaluation_deadline",
            True,
            "evaluation_deadline",
            _("The evaluation must open before the day it is due."),
        ),
        (
            "evaluation_deadline",
            "report_deadline",
            False,
            "report_deadline",
            _("The report cannot be due before the evaluation is."),
        ),
    ]
    for earlier, later, strictly, field, message in order:
        a, b = get(earlier), get(later)
        if a is not None and b is not None and not (a < b if strictly else a <= b):
            problems.append((field, message))

    thresholds = ("threshold_excellent", "threshold_good", "threshold_pass")
    for field in thresholds:
        value = get(field)
        if value is not None and not 0 <= value <= 100:
            problems.append((field, _("A threshold is a score from 0 to 100.")))
    excellent, good, passed = (get(field) for field in thresholds)
    if excellent is not None and good is not None and not good < excellent:
        problems.append(
            ("threshold_good", _("The threshold for Good must be below the one for Excellent."))
        )
    if good is not None and passed is not None and not passed < good:
        problems.append(
            ("threshold_pass", _("The threshold for Completed must be below the one for Good."))
        )

    if get("min_criteria") is not None and get("min_criteria") < 1:
        problems.append(("min_criteria", _("A member must register at least one criterion.")))
    if get("min_solution_length") is not None and get("min_solution_length") < 0:
        problems.append(("min_solution_length", _("A length cannot be negative.")))
    if get("reminder_days") is not None and parse_reminder_days(get("reminder_days")) is None:
        problems.append(
            (
                "reminder_days",
                _("Type whole numbers of days from 1 to 90, separated by commas, e.g. 14, 7, 2."),
            )
        )
    return problems


MAX_REMINDER_DAYS = 90


def parse_reminder_days(text: str) -> list[int] | None:
    """The days before a deadline on which reminders go out, largest first ("14, 7, 2"
    gives [14, 7, 2]; blank gives [], no reminders), or None when `text` is not such a
    list."""
    days = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= MAX_REMINDER_DAYS:
            return None
        days.add(int(part))
    return sorted(days, reverse=True)


def _check_status_change(program: Program, old: str, new: str) -> None:
    if new not in STATUS_CHANGES[ProgramStatus(old)]:
        raise DomainError(
            _("A program in status “%(old)s” cannot change to “%(new)s”.")
            % {"old": ProgramStatus(old).label, "new": ProgramStatus(new).label}
        )
    if new == ProgramStatus.OPEN:
        problems = check_program(program)
        if problems:
            raise DomainError(_("The program cannot be opened yet."), problems=problems)


@transaction.atomic
def program_update(*, program: Program, user, values: dict) -> Program:
    """Change a program's name, status, deadlines and rules.

    The rules are program_settings_problems; the status moves only along
    STATUS_CHANGES, and a program opens only when check_program finds nothing wrong.
    Nothing is saved when anything is wrong.
    """
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not program settings: {sorted(unknown)}")
    current = _locked_program(program)
    merged = {field: values.get(field, getattr(current, field)) for field in SETTINGS_FIELDS}
    _refuse(program_settings_problems(school_year=current.school_year, values=merged))
    changes = _changes(current, merged)
    scoring_changes = [field for field in LEVEL_FIELDS if field in changes]
    if scoring_changes:
        _refuse(_levels_frozen(current, scoring_changes))
    old_status = current.status
    for field, value in merged.items():
        setattr(current, field, value)
    if current.status != old_status:
        _check_status_change(current, old_status, current.status)
    if changes:
        current.save(update_fields=list(changes))
        restored = _restore_levels(current) if scoring_changes else None
        extra = {} if restored is None else {"levels_restored": restored}
        record(
            actor=user,
            verb="program.update",
            obj=current,
            unit=current.unit,
            changes=changes,
            **extra,
        )
    if old_status == ProgramStatus.DRAFT and current.status == ProgramStatus.OPEN:
        # A new year starts: every active member is enrolled in their branch (issue 9).
        from renluyen.programs.rollover import enroll_all

        enroll_all(program=current, user=user)
    if "registration_deadline" in changes:
        # "Registered on time" is counted against this date.
        from renluyen.dashboards import rollups

        rollups.refresh_program(program=current)
    return current


# The settings that decide a member's level (seed IV.1 Step 3). Area points and who a
# criterion is for decide scores and are already fixed once the program opens.
LEVEL_FIELDS = ("threshold_excellent", "threshold_good", "threshold_pass")


def _levels_frozen(program: Program, fields: list[str]) -> list[Problem]:
    """The thresholds may not change while any branch of the program has finalized its
    results (or they went further up): the stored, sent-up or recognized levels would no
    longer follow from the settings shown. The branches' rows are locked, so a branch
    finalizing at this moment waits for this change (and then reads the new thresholds)
    or has finished before it (and the change is refused)."""
    from renluyen.evaluations.models import BranchEvaluation, BranchState

    states = set(
        BranchEvaluation.objects.select_for_update()
        .filter(program=program)
        .values_list("state", flat=True)
    )
    if not states & {BranchState.FINALIZED, BranchState.FORWARDED, BranchState.RECOGNIZED}:
        return []
    message = _(
        "The thresholds cannot change now: branches have already finalized their results "
        "with them. A branch whose results were returned or reopened is scored with the "
        "thresholds as they are."
    )
    return [(fields[0], message)]


def _restore_levels(program: Program) -> int:
    """Store each member's level again from their stored total under the new thresholds
    (no branch is finalized, see `_levels_frozen`), so every page keeps showing stored
    levels that match the settings. Returns how many results were stored."""
    from django.db.models import Case, CharField, Value, When

    from renluyen.evaluations.models import Evaluation, Level, Reason

    bands = [
        (program.threshold_excellent, Level.EXCELLENT),
        (program.threshold_good, Level.GOOD),
        (program.threshold_pass, Level.COMPLETED),
    ]
    restored = Evaluation.objects.filter(enrollment__program=program, total__isnull=False).update(
        level=Case(
            *[When(total__gte=floor, then=Value(level)) for floor, level in bands],
            default=Value(Level.NOT_COMPLETED),
            output_field=CharField(),
        ),
        reason=Case(
            When(total__gte=program.threshold_pass, then=Value("")),
            default=Value(Reason.BELOW_THRESHOLD),
            output_field=CharField(),
        ),
    )
    if restored:
        # The stored levels per branch that the dashboards and results pages read.
        from renluyen.dashboards import rollups

        rollups.refresh_program(program=program)
    return restored


def area_problems(
    *, program: Program, number, title: str, points, area: Area | None = None
) -> list[Problem]:
    """An area has a title, a number of its own within the program (1, 2, …) and is
    worth more than 0 and at most 100 points (five areas × 20 by default)."""
    problems: list[Problem] = []
    if number is not None:
        if number < 1:
            problems.append(("number", _("The area number must be 1 or more.")))
        elif (
            Area.objects.filter(program=program, number=number)
            .exclude(pk=area.pk if area else None)
            .exists()
        ):
            problems.append(
                ("number", _("Area number %(n)s is already used in this program.") % {"n": number})
            )
    if not (title or "").strip():
        problems.append(("title", _("Enter the area's title.")))
    if points is not None and not 0 < points <= 100:
        problems.append(("points", _("An area is worth more than 0 and at most 100 points.")))
    return problems


@transaction.atomic
def area_create(
    *, program: Program, user, number: int, title: str, description: str = "", points=20
) -> Area:
    """Add a content area to a draft program."""
    program = _locked_program(program)
    if program.status != ProgramStatus.DRAFT:
        raise DomainError(_("Areas can be added only while the program is a draft."))
    title, description = title.strip(), description.strip()
    _refuse(area_problems(program=program, number=number, title=title, points=points))
    area = Area.objects.create(
        program=program, number=number, title=title, description=description, points=points
    )
    record(
        actor=user,
        verb="program.area.create",
        obj=area,
        unit=program.unit,
        program=program.pk,
        number=number,
        title=title,
        points=str(points),
    )
    return area


@transaction.atomic
def area_update(*, area: Area, user, number: int, title: str, description: str, points) -> Area:
    """Edit an area; its number and points change only while the program is a draft."""
    program = _locked_program(area.program)
    area = Area.objects.get(pk=area.pk)
    values = {
        "number": number,
        "title": title.strip(),
        "description": description.strip(),
        "points": points,
    }
    if program.status != ProgramStatus.DRAFT and (number != area.number or points != area.points):
        raise DomainError(
            _(
                "An area's number and points can change only while the program is a draft: "
                "members' forms are scored by them."
            )
        )
    problems = area_problems(
        program=program, number=number, title=values["title"], points=points, area=area
    )
    _refuse(problems)
    _save_changes(area, values, user=user, verb="program.area.update", program=program)
    return area


@transaction.atomic
def area_delete(*, area: Area, user) -> None:
    """Delete an area with its criteria; only while the program is a draft."""
    program = _locked_program(area.program)
    if program.status != ProgramStatus.DRAFT:
        raise DomainError(
            _(
                "Areas can be deleted only while the program is a draft: members' forms "
                "refer to the areas of an open or closed program."
            )
        )
    record(
        actor=user,
        verb="program.area.delete",
        obj=area,
        unit=program.unit,
        program=program.pk,
        number=area.number,
        title=area.title,
        criteria=list(area.criteria.values_list("code", flat=True)),
    )
    area.delete()


def criterion_problems(
    *, area: Area, code: str, text: str, member_type: str, criterion: Criterion | None = None
) -> list[Problem]:
    """A criterion has a code unique within its area (1.1, 1.2, …), a text, and is
    offered to every member or to one member type only (seed III.3)."""
    problems: list[Problem] = []
    if not code:
        problems.append(("code", _("Enter the criterion's code, for example 1.7.")))
    elif (
        Criterion.objects.filter(area=area, code=code)
        .exclude(pk=criterion.pk if criterion else None)
        .exists()
    ):
        problems.append(("code", _("Code %(code)s is already used in this area.") % {"code": code}))
    if not text:
        problems.append(("text", _("Enter the criterion's text.")))
    if member_type and member_type not in MemberType.values:
        problems.append(("member_type", _("Choose a member type from the list.")))
    return problems


def _next_order(area: Area, member_type: str) -> int:
    """After the area's last criterion of the same kind: catalog criteria come before the
    member-type targets (numbered from 100 by program_load_2020)."""
    criteria = area.criteria.all()
    if not member_type:
        criteria = criteria.filter(member_type="")
    return (criteria.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def criterion_create(
    *, area: Area, user, code: str, text: str, member_type: str = "", order: int | None = None
) -> Criterion:
    """Add a criterion to an area of a draft or open program (not a closed one)."""
    program = _locked_program(area.program)
    if program.status == ProgramStatus.CLOSED:
        raise DomainError(_("The program is closed; no criteria can be added to it."))
    code, text = code.strip(), text.strip()
    _refuse(criterion_problems(area=area, code=code, text=text, member_type=member_type))
    criterion = Criterion.objects.create(
        area=area,
        code=code,
        text=text,
        member_type=member_type,
        order=_next_order(area, member_type) if order is None else order,
    )
    record(
        actor=user,
        verb="program.criterion.create",
        obj=criterion,
        unit=program.unit,
        program=program.pk,
        area=area.number,
        code=code,
    )
    return criterion


@transaction.atomic
def criterion_update(
    *, criterion: Criterion, user, code: str, text: str, member_type: str, order: int | None
) -> Criterion:
    """Edit a criterion; who it is offered to changes only while the program is a draft."""
    criterion = Criterion.objects.select_related("area").get(pk=criterion.pk)
    program = _locked_program(criterion.area.program)
    values = {
        "code": code.strip(),
        "text": text.strip(),
        "member_type": member_type,
        "order": criterion.order if order is None else order,
    }
    if program.status != ProgramStatus.DRAFT and member_type != criterion.member_type:
        raise DomainError(
            _(
                "Who a criterion is for can change only while the program is a draft: "
                "members may already have registered it."
            )
        )
    _refuse(
        criterion_problems(
            area=criterion.area,
            code=values["code"],
            text=values["text"],
            member_type=member_type,
            criterion=criterion,
        )
    )
    _save_changes(criterion, values, user=user, verb="program.criterion.update", program=program)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, user) -> None:
    """Delete a criterion; only while the program is a draft."""
    program = _locked_program(criterion.area.program)
    if program.status != ProgramStatus.DRAFT:
        raise DomainError(
            _(
                "Criteria can be deleted only while the program is a draft: members may "
                "already have registered them. Edit its text instead."
            )
        )
    record(
        actor=user,
        verb="program.criterion.delete",
        obj=criterion,
        unit=program.unit,
        program=program.pk,
        area=criterion.area.number,
        code=criterion.code,
        text=criterion.text,
    )
    criterion.delete()


def suggest_criterion_code(area: Area) -> str:
    """The code after the area's last catalog code: "1.6" -> "1.7" (a suggestion only)."""
    prefix = f"{area.number}."
    numbers = [
        int(code[len(prefix) :])
        for code in area.criteria.values_list("code", flat=True)
        if code.startswith(prefix) and code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"
