from django.core.management.base import BaseCommand

from renluyen.notifications.outbox import send_pending
from renluyen.support.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Queue today's reminders (members who have not registered or self-evaluated, "
        "committees with work waiting, as a deadline nears), then send the outbox. Run once "
        "a day by cron; running it again, or after a run was killed, never sends a reminder "
        "twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-only",
            action="store_true",
            help="Only queue the reminders; leave sending to send_outbox.",
        )

    def handle(self, *args, **options):
        outcome = send_reminders()
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(outcome.by_kind.items()))
        self.stdout.write(
            f"{outcome.queued} reminder(s) queued"
            + (f" ({kinds})" if kinds else "")
            + f"; {outcome.skipped} already queued before."
        )
        if not options["queue_only"]:
            sent = send_pending()
            self.stdout.write(f"{sent.sent} email(s) sent, {sent.retry} to retry later.")
