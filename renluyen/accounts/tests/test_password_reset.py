"""Password reset by email, end to end: Django's views, the email through the outbox."""

import time_machine
from django.utils import timezone

from renluyen import factories
from renluyen.accounts.tests.helpers import PASSWORD, link_in, send_and_read
from renluyen.core.tests.helpers import text
from renluyen.notifications.models import OutboxEmail

OLD = "Mật-khẩu-cũ-2025"


def _member(org):
    user = factories.user("DV7001", password=OLD, email="hoa@example.edu.vn")
    return factories.member(
        branch=org["branch_a1"], code="DV7001", email="hoa@example.edu.vn", user=user
    )


def test_a_forgotten_password_is_reset_with_the_emailed_link(client, org):
    member = _member(org)
    page = text(client.get("/password_reset/"))
    assert "Quên mật khẩu?" in page and "Gửi đường dẫn" in page
    response = client.post("/password_reset/", {"email": "HOA@example.edu.vn"})
    assert response["Location"] == "/password_reset/done/"
    assert "Hãy kiểm tra email" in text(client.get("/password_reset/done/"))
    assert OutboxEmail.objects.filter(to="hoa@example.edu.vn", sent_at__isnull=True).exists()

    (email,) = send_and_read()
    assert email.subject == "Đặt mật khẩu mới cho Chương trình rèn luyện đoàn viên"
    link = link_in(email.body)
    form = client.get(link)
    assert form.status_code == 302
    page = text(client.get(form["Location"]))
    assert "Đặt mật khẩu mới" in page
    done = client.post(form["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == "/reset/done/"
    assert "Mật khẩu mới đã được lưu" in text(client.get("/reset/done/"))
    assert client.post("/login/", {"username": "dv7001", "password": PASSWORD})["Location"] == "/"

    client.logout()
    assert "không còn hiệu lực" in text(client.get(link))
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_one_email_per_account_every_ten_minutes(client, org):
    _member(org)
    for _ in range(3):
        client.post("/password_reset/", {"email": "hoa@example.edu.vn"})
    assert OutboxEmail.objects.count() == 1
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        client.post("/password_reset/", {"email": "hoa@example.edu.vn"})
    assert OutboxEmail.objects.count() == 2


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, org):
    _member(org)
    response = client.post("/password_reset/", {"email": "ai-do@example.edu.vn"})
    assert response["Location"] == "/password_reset/done/"
    assert not OutboxEmail.objects.exists()


def test_a_member_who_never_activated_can_use_it_as_an_invitation(client, org):
    member = _member(org)
    member.user.set_unusable_password()
    member.user.save()
    client.post("/password_reset/", {"email": "hoa@example.edu.vn"})
    assert OutboxEmail.objects.count() == 1
