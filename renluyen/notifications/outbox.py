"""The email outbox: how every email leaves the system.

A step records its emails with `queue_email` inside its own transaction, so a step that
rolls back sends nothing and a request never waits on a mail server. `send_pending` (the
`send_outbox` command, run every few minutes by cron) sends them:

- a run claims a batch of rows with one UPDATE (a token and a lease), so two runs at once
  never take the same row;
- a row is marked sent only after the mail server accepted it, one row at a time;
- a failure is retried later (1, 2, 4 … minutes, at most 6 hours apart), up to
  MAX_ATTEMPTS, then given up with the error kept for the administrator;
- a run that dies mid-batch leaves its claimed rows to the next run once the lease ends.
  Only a death between the server's acceptance and the UPDATE that follows it can send a
  row twice; the Message-ID is the row's, so mail systems can recognise the repeat.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from renluyen.core.text import clean
from renluyen.notifications.models import OutboxEmail

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=10)
BATCH = 200
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    key: str = ""


def queue_email(*, to: str, subject: str, body: str, key: str = "") -> OutboxEmail | None:
    """Record one email to send after the current transaction commits. With a `key`, an
    email already queued under that key is not queued again (None is returned)."""
    if not to:
        return None
    row = _row(Email(to=to, subject=subject, body=body, key=key))
    if not key:
        row.save()
        return row
    if OutboxEmail.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin must not spoil the caller
            row.save()
    except IntegrityError:
        return None
    return row


def queue_emails(emails) -> int:
    """Record many emails at once (e.g. invitations for a whole school); those whose key
    is already queued are skipped. Returns how many were offered."""
    rows = [_row(email) for email in emails if email.to]
    OutboxEmail.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def _row(email: Email) -> OutboxEmail:
    # A subject is one line: a newline in it would start a new mail header.
    subject = " ".join(clean(email.subject).split())[:255]
    return OutboxEmail(to=email.to.strip(), subject=subject, body=email.body, key=email.key)


@dataclass
class Outcome:
    sent: int = 0
    retry: int = 0
    given_up: int = 0


def send_pending(*, batch: int = BATCH) -> Outcome:
    """Send every email that is due; see the module's docstring for the guarantees."""
    outcome = Outcome()
    while rows := _claim(batch):
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:  # the server is down: every row waits for later
            for row in rows:
                _failed(row, error, outcome)
            break
        try:
            for row in rows:
                _send_one(connection, row, outcome)
        finally:
            connection.close()
    return outcome


def _claim(batch: int) -> list[OutboxEmail]:
    now = timezone.now()
    due = OutboxEmail.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        sent_at__isnull=True,
        failed_at__isnull=True,
        next_attempt_at__lte=now,
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:batch])
    if not ids:
        return []
    token = uuid.uuid4().hex
    # The WHERE is checked again by the UPDATE itself: a row another run took meanwhile
    # is not taken twice.
    due.filter(pk__in=ids).update(
        claimed_by=token, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )
    return list(OutboxEmail.objects.filter(pk__in=ids, claimed_by=token).order_by("pk"))


def _send_one(connection, row: OutboxEmail, outcome: Outcome) -> None:
    try:
        accepted = connection.send_messages([_message(row)])
    except Exception as error:
        _failed(row, error, outcome)
        return
    if not accepted:
        _failed(row, "the mail server did not accept the message", outcome)
        return
    OutboxEmail.objects.filter(pk=row.pk, claimed_by=row.claimed_by).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    outcome.sent += 1


def _failed(row: OutboxEmail, error, outcome: Outcome) -> None:
    now = timezone.now()
    changes = {"claimed_until": None, "last_error": str(error)[:2000]}
    if row.attempts >= MAX_ATTEMPTS:
        changes["failed_at"] = now
        outcome.given_up += 1
    else:
        changes["next_attempt_at"] = now + min(
            timedelta(minutes=2 ** (row.attempts - 1)), MAX_BACKOFF
        )
        outcome.retry += 1
    OutboxEmail.objects.filter(pk=row.pk, claimed_by=row.claimed_by).update(**changes)


def _message(row: OutboxEmail) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "renluyen.local"
    stamp = int(row.created_at.timestamp())
    return EmailMessage(
        row.subject,
        row.body,
        settings.DEFAULT_FROM_EMAIL,
        [row.to],
        headers={"Message-ID": f"<outbox-{row.pk}-{stamp}@{domain}>"},
    )
