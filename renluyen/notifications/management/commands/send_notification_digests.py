from django.core.management.base import BaseCommand

from renluyen.notifications.services import send_digests


class Command(BaseCommand):
    help = (
        "Email each person one digest of their notifications not yet emailed (run hourly by "
        "cron; two runs at once never send the same notification twice)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest email(s) sent.")
