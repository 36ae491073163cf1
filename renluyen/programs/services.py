"""Workflow steps on programs: load the seed catalog, copy a program into a new year."""

import re
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from renluyen.audit.services import record
from renluyen.core.errors import DomainError
from renluyen.organizations.models import Level, Unit
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
