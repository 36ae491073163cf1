"""A `send_outbox` run killed (SIGKILL) in the middle of sending, on PostgreSQL: no email is
lost, none is marked sent that the mail server did not accept, and at most the one in
flight at the kill is sent twice (with the same Message-ID)."""

import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from renluyen.core.tests.processes import ROOT, environment, manage
from renluyen.core.tests.smtp_sink import SmtpSink
from renluyen.notifications.models import OutboxEmail
from renluyen.notifications.outbox import Email, queue_emails

EMAILS = 60

pytestmark = pytest.mark.postgresql_only


def send_outbox(sink) -> subprocess.Popen:
    env = environment(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
    )
    return subprocess.Popen(
        manage("send_outbox"), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_a_run_killed_mid_send_loses_nothing_and_marks_nothing_unsent(transactional_db):
    queue_emails(
        Email(to=f"member{n}@example.edu.vn", subject=f"Thông báo {n}", body="Nội dung")
        for n in range(EMAILS)
    )
    with SmtpSink(delay=0.05) as sink:
        run = send_outbox(sink)
        deadline = time.monotonic() + 60
        while len(sink.messages) < 15 and time.monotonic() < deadline:
            time.sleep(0.01)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert run.returncode == -signal.SIGKILL
        time.sleep(4 * sink.delay)  # the message in flight at the kill may still land
        accepted = len(sink.messages)
        assert 15 <= accepted < EMAILS, "the run was not killed mid-way"

        sent = OutboxEmail.objects.filter(sent_at__isnull=False).count()
        # Marked sent only after the server accepted it: never more than it accepted, and
        # at most the one between acceptance and its UPDATE is unmarked.
        assert accepted - 1 <= sent <= accepted
        claimed = OutboxEmail.objects.filter(sent_at__isnull=True, claimed_until__gt=timezone.now())
        assert claimed.count() == EMAILS - sent

        # The next cron run leaves the dead run's rows alone while its lease lasts ...
        second = send_outbox(sink)
        assert second.wait(timeout=60) == 0
        assert b"0 email(s) sent" in second.stdout.read()
        assert len(sink.messages) == accepted

        # ... and sends them once the lease is over (ten minutes later).
        claimed.update(claimed_until=timezone.now() - timedelta(seconds=1))
        third = send_outbox(sink)
        assert third.wait(timeout=120) == 0, third.stderr.read()

    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 0
    times = Counter(sink.message_ids)
    assert len(times) == EMAILS  # every email arrived
    assert sum(n - 1 for n in times.values()) <= 1  # at most the one in flight, twice
