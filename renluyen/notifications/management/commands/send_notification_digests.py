from django.core.management.base import BaseCommand

from renluyen.notifications.outbox import send_pending
from renluyen.notifications.services import send_digests


class Command(BaseCommand):
    help = (
        "Queue for each person one digest of their notifications not yet emailed, then send "
        "the outbox (run hourly by cron; two runs at once never take the same notification)."
    )

    def handle(self, *args, **options):
        queued = send_digests()
        outcome = send_pending()
        self.stdout.write(
            f"{queued} digest email(s) queued; {outcome.sent} email(s) sent, "
            f"{outcome.retry} to retry later."
        )
