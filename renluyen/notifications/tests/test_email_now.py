"""The member is emailed at once, after the step is saved, when the committee returns,
confirms, suggests or extends; in Vietnamese, with a link to the form."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from renluyen import factories
from renluyen.notifications.models import Notification
from renluyen.notifications.services import notify
from renluyen.registrations import services


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


def test_a_member_gets_one_email_when_confirmed(
    submitted, people, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://renluyen.example.edu.vn"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(registration=submitted, user=people["secretary_a1"])
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["hoa@example.org"]
    assert email.subject.startswith("[Rèn luyện đoàn viên] Phiếu đăng ký rèn luyện của bạn")
    assert "đã được Ban Chấp hành chi đoàn xác nhận" in email.body
    assert f"https://renluyen.example.edu.vn/registrations/{submitted.enrollment.pk}/" in email.body
    assert Notification.objects.get(user=submitted.enrollment.member.user).emailed_at


def test_a_returned_form_emails_the_first_comment(
    submitted, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_return(
            registration=submitted, user=people["secretary_a1"], general="Ghi rõ thời gian."
        )
    assert len(mailoutbox) == 1
    assert "được trả lại để sửa: Ghi rõ thời gian." in mailoutbox[0].body


def test_a_suggestion_and_an_extension_each_email_the_member(
    enrollment, program, people, mailoutbox, django_capture_on_commit_callbacks
):
    secretary = people["secretary_a1"]
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_add(
            enrollment=enrollment,
            area=program.areas.get(number=4),
            user=secretary,
            text="Chạy bộ mỗi sáng.",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_grant(
            enrollment=enrollment,
            user=secretary,
            until=timezone.localdate() + timedelta(days=45),
            reason="Đi thực tập ở tỉnh.",
        )
    assert len(mailoutbox) == 2
    assert "gợi ý nội dung 4. Sức khỏe: Chạy bộ mỗi sáng." in mailoutbox[0].body
    day = (timezone.localdate() + timedelta(days=46)).strftime("%d/%m/%Y")
    assert f"gia hạn nộp phiếu đăng ký rèn luyện: nộp trước ngày {day}" in mailoutbox[1].body


def test_nothing_is_emailed_when_the_step_is_rolled_back(
    submitted, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.registration_confirm(registration=submitted, user=people["secretary_a1"])
            raise RuntimeError("a later step failed")
    assert mailoutbox == []


def test_the_member_records_address_is_used_when_the_account_has_none(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    user = factories.user()
    factories.member(branch=org["branch_a1"], user=user, email="dv@example.edu.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], verb="registration.confirmed", data={}, url="/")
    assert [email.to for email in mailoutbox] == [["dv@example.edu.vn"]]


def test_someone_without_an_address_gets_the_notification_in_the_app_only(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    user = factories.user()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], verb="registration.confirmed", data={}, url="/")
    assert mailoutbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_a_failed_send_leaves_the_notification_to_be_emailed_again(
    db, settings, django_capture_on_commit_callbacks, monkeypatch
):
    user = factories.user(email="x@example.org")

    def broken(self, messages):
        raise OSError("mail relay down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], verb="registration.confirmed", data={}, url="/")
    assert Notification.objects.get(user=user).emailed_at is None
