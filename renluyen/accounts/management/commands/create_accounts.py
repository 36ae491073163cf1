"""Accounts for every active member of a unit, as the "Create accounts" button does.

    manage.py create_accounts DHKT --by vanphong

The invitations wait in the outbox; `manage.py send_outbox` (cron) sends them.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from renluyen.accounts.services import accounts_create
from renluyen.core.errors import DomainError
from renluyen.organizations.models import Unit


class Command(BaseCommand):
    help = "Create an account for every active member of a unit who has none."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="the unit's code, e.g. DHKT")
        parser.add_argument(
            "--by",
            required=True,
            help="username of the person doing it (must be allowed to manage accounts there)",
        )

    def handle(self, *args, unit, by, **options):
        found = Unit.objects.filter(code__iexact=unit).first()
        if found is None:
            raise CommandError(f"No unit with code {unit!r}.")
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}.")
        started = time.perf_counter()
        try:
            result = accounts_create(unit=found, user=user)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            f"{found.name}: {result.created} accounts made in "
            f"{time.perf_counter() - started:.1f} s ({result.invited} invitations queued, "
            f"{result.without_email} without email), {result.kept} kept, "
            f"{result.inactive} inactive members skipped."
        )
