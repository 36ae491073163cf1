from django.core.management.base import BaseCommand

from renluyen.dashboards.jobs import run_pending


class Command(BaseCommand):
    help = (
        "Write the exports people asked for (large ones run here, not in a request). "
        "Cron: every minute."
    )

    def handle(self, *args, **options):
        count = run_pending()
        if options["verbosity"] > 1:
            self.stdout.write(f"{count} export(s) written")
