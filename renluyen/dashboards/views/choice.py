"""Which program a dashboard shows: one program at a base Union and below (the program
picker the other pages use), one school year above a base Union, where each base Union
runs its own program."""

from django.http import Http404
from django.utils import timezone

from renluyen.dashboards.figures import Scope
from renluyen.organizations.models import Level
from renluyen.programs.models import Program, ProgramStatus
from renluyen.registrations.views.branch import program_choice, program_context


def scope_for(request, unit) -> tuple[Scope | None, dict]:
    """The dashboard's Scope (None when no program concerns the unit) and the picker's
    context: two or three queries whatever the number of programs below."""
    today = timezone.localdate()
    if unit.level != Level.UPPER:
        programs, program = program_choice(request, unit)
        context = program_context(programs, program)
        return (Scope(unit, [program], today) if program else None), context
    below = Program.objects.filter(unit__path__startswith=unit.path)
    years = list(below.order_by("-school_year").values_list("school_year", flat=True).distinct())
    year = request.GET.get("year", "")
    if year and year not in years:
        raise Http404
    if not year:
        open_years = set(
            below.filter(status=ProgramStatus.OPEN).values_list("school_year", flat=True)
        )
        year = next((y for y in years if y in open_years), years[0] if years else "")
    programs = list(below.filter(school_year=year).select_related("unit").order_by("unit__name"))
    context = {"years": years, "year": year, "program": None, "programs": []}
    return (Scope(unit, programs, today) if programs else None), context


def query_of(scope: Scope | None, context: dict) -> str:
    """The query string that keeps the same program (or year) on the next page."""
    if scope is None:
        return ""
    if scope.program is not None and not context.get("years"):
        return f"program={scope.program.pk}"
    return f"year={context['year']}"
