from django.core.management.base import BaseCommand, CommandError

from renluyen.core.errors import DomainError
from renluyen.organizations.models import Unit
from renluyen.programs.services import program_load_2020


class Command(BaseCommand):
    help = "Load the seed's 2020-2021 program under a base Union (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("unit_code", help="code of the base Union, e.g. DHKT")

    def handle(self, *args, unit_code, **options):
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise CommandError(f"No unit with code {unit_code!r}")
        try:
            program = program_load_2020(unit=unit)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        n = sum(area.criteria.count() for area in program.areas.all())
        self.stdout.write(f"{program.name}: {program.areas.count()} areas, {n} criteria")
