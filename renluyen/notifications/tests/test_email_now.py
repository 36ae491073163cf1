"""The member is emailed at once, through the outbox, when the committee returns,
confirms, suggests or extends; in Vietnamese, with a link to the form. The step queues the
email in its own transaction; `send_outbox` sends it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from renluyen import factories
from renluyen.notifications.models import Notification, OutboxEmail
from renluyen.notifications.services import notify
from renluyen.registrations import services


def send():
    call_command("send_outbox", stdout=open("/dev/null", "w"))


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def member_user(db):
    return factories.user(email="hoa@example.org")


@pytest.fixture
def enrollment(org, program, member_user):
    member = factories.member(branch=org["branch_a1"], user=member_user, name="Lê Thị Hoa")
    return factories.enroll(program, member)


@pytest.fixture
def submitted(enrollment):
    return factories.registration(enrollment, submit=True)


def test_a_member_gets_one_email_when_confirmed(submitted, people, mailoutbox, settings):
    settings.SITE_URL = "https://renluyen.example.edu.vn"
    services.registration_confirm(registration=submitted, user=people["secretary_a1"])
    assert mailoutbox == []  # queued, not sent from inside the step
    send()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["hoa@example.org"]
    assert email.subject.startswith("[Rèn luyện đoàn viên] Phiếu đăng ký rèn luyện của bạn")
    assert "đã được Ban Chấp hành chi đoàn xác nhận" in email.body
    assert f"https://renluyen.example.edu.vn/registrations/{submitted.enrollment.pk}/" in email.body
    assert Notification.objects.get(user=submitted.enrollment.member.user).emailed_at


def test_a_returned_form_emails_the_first_comment(submitted, people, mailoutbox):
    services.registration_return(
        registration=submitted, user=people["secretary_a1"], general="Ghi rõ thời gian."
    )
    send()
    assert len(mailoutbox) == 1
    assert "được trả lại để sửa: Ghi rõ thời gian." in mailoutbox[0].body


def test_a_suggestion_and_an_extension_each_email_the_member(
    enrollment, program, people, mailoutbox
):
    secretary = people["secretary_a1"]
    services.suggestion_add(
        enrollment=enrollment,
        area=program.areas.get(number=4),
        user=secretary,
        text="Chạy bộ mỗi sáng.",
    )
    services.extension_grant(
        enrollment=enrollment,
        user=secretary,
        until=timezone.localdate() + timedelta(days=45),
        reason="Đi thực tập ở tỉnh.",
    )
    send()
    assert len(mailoutbox) == 2
    assert "gợi ý nội dung 4. Sức khỏe: Chạy bộ mỗi sáng." in mailoutbox[0].body
    day = (timezone.localdate() + timedelta(days=46)).strftime("%d/%m/%Y")
    assert f"gia hạn nộp phiếu đăng ký rèn luyện: nộp trước ngày {day}" in mailoutbox[1].body


def test_nothing_is_emailed_when_the_step_is_rolled_back(submitted, people, mailoutbox):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.registration_confirm(registration=submitted, user=people["secretary_a1"])
            raise RuntimeError("a later step failed")
    send()
    assert mailoutbox == []
    assert not OutboxEmail.objects.exists()


def test_the_member_records_address_is_used_when_the_account_has_none(org, mailoutbox):
    user = factories.user()
    factories.member(branch=org["branch_a1"], user=user, email="dv@example.edu.vn")
    notify(users=[user], verb="registration.confirmed", data={}, url="/")
    send()
    assert [email.to for email in mailoutbox] == [["dv@example.edu.vn"]]


def test_someone_without_an_address_gets_the_notification_in_the_app_only(db, mailoutbox):
    user = factories.user()
    notify(users=[user], verb="registration.confirmed", data={}, url="/")
    send()
    assert mailoutbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_a_failed_send_is_kept_in_the_outbox_for_a_later_run(db, monkeypatch):
    user = factories.user(email="x@example.org")

    def broken(self, messages):
        raise OSError("mail relay down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    notify(users=[user], verb="registration.confirmed", data={}, url="/")
    send()
    row = OutboxEmail.objects.get()
    assert (row.sent_at, row.attempts, row.last_error) == (None, 1, "mail relay down")
    assert row.next_attempt_at > timezone.now()
