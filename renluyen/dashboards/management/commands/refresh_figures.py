from django.core.management.base import BaseCommand

from renluyen.dashboards.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Recount every program's per-branch figures from the raw tables. The services keep "
        "them current; run this after loading data by other means (SQL, restores)."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"figures recounted for {count} program(s)")
