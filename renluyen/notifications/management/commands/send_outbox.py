from django.core.management.base import BaseCommand

from renluyen.notifications.outbox import send_pending


class Command(BaseCommand):
    help = (
        "Send the queued emails that are due (run every few minutes by cron). Failures are "
        "retried later; two runs at once never send the same email."
    )

    def handle(self, *args, **options):
        outcome = send_pending()
        self.stdout.write(
            f"{outcome.sent} email(s) sent, {outcome.retry} to retry later, "
            f"{outcome.given_up} given up."
        )
