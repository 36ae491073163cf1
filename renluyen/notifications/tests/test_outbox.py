"""The outbox: emails queued in the step's transaction, sent by `send_outbox` once each,
retried with a limit when the mail server fails."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from renluyen.notifications import outbox
from renluyen.notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue()


@pytest.fixture
def broken_server(monkeypatch):
    def broken(self, messages):
        raise OSError("mail relay down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)


def test_it_sends_a_queued_email_once(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "renluyen@doantruong.edu.vn"
    row = outbox.queue_email(to="hoa@example.org", subject="Chào bạn", body="Nội dung\n")
    assert mailoutbox == []
    assert "1 email(s) sent, 0 to retry later, 0 given up." in run()
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["hoa@example.org"], "Chào bạn", "Nội dung\n")
    ]
    assert mailoutbox[0].extra_headers["Message-ID"].endswith("@doantruong.edu.vn>")
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
    assert "0 email(s) sent" in run()
    assert len(mailoutbox) == 1


def test_an_email_of_a_rolled_back_step_is_never_sent(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_email(to="hoa@example.org", subject="x", body="y")
        raise RuntimeError("the step failed")
    run()
    assert mailoutbox == []


def test_a_subject_stays_on_one_line():
    row = outbox.queue_email(to="a@example.org", subject="Một\r\nBcc: x@evil.example", body="")
    assert row.subject == "Một Bcc: x@evil.example"


def test_a_key_is_queued_once():
    assert outbox.queue_email(to="a@example.org", subject="s", body="b", key="remind:1:14")
    assert outbox.queue_email(to="a@example.org", subject="s", body="b", key="remind:1:14") is None
    offered = outbox.queue_emails(
        [
            outbox.Email("a@example.org", "s", "b", key="remind:1:14"),
            outbox.Email("b@x.org", "s", "b"),
        ]
    )
    assert offered == 2
    assert OutboxEmail.objects.count() == 2


def test_a_failure_is_retried_later_then_sent(mailoutbox, broken_server, monkeypatch):
    outbox.queue_email(to="a@example.org", subject="s", body="b")
    assert "0 email(s) sent, 1 to retry later" in run()
    row = OutboxEmail.objects.get()
    assert (row.attempts, row.last_error, row.sent_at) == (1, "mail relay down", None)
    assert "0 email(s) sent, 0 to retry later" in run()  # not due yet
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run()
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.attempts == 2 and row.sent_at is not None and row.last_error == ""


def test_it_gives_up_after_the_last_attempt(broken_server):
    outbox.queue_email(to="a@example.org", subject="s", body="b")
    now = timezone.now()
    for _ in range(outbox.MAX_ATTEMPTS):
        now += timedelta(hours=7)
        with time_machine.travel(now):
            run()
    row = OutboxEmail.objects.get()
    assert row.attempts == outbox.MAX_ATTEMPTS
    assert row.failed_at is not None and row.sent_at is None
    with time_machine.travel(now + timedelta(days=1)):
        assert "0 email(s) sent, 0 to retry later, 0 given up." in run()


def test_a_row_claimed_by_another_run_is_left_to_it(mailoutbox):
    outbox.queue_email(to="a@example.org", subject="s", body="b")
    OutboxEmail.objects.update(claimed_by="other", claimed_until=timezone.now() + outbox.LEASE)
    run()
    assert mailoutbox == []


def test_a_run_that_died_leaves_its_rows_to_the_next_run_after_the_lease(mailoutbox):
    outbox.queue_email(to="a@example.org", subject="s", body="b")
    OutboxEmail.objects.update(
        claimed_by="dead", claimed_until=timezone.now() + outbox.LEASE, attempts=1
    )
    with time_machine.travel(timezone.now() + outbox.LEASE + timedelta(seconds=1)):
        run()
    assert len(mailoutbox) == 1
    assert OutboxEmail.objects.get().attempts == 2
