"""The emailed invitation: a one-time link to choose a password, sent by the outbox."""

import time_machine
from django.utils import timezone

from renluyen.accounts.services import accounts_create
from renluyen.accounts.tests.helpers import PASSWORD, link_in, send_and_read
from renluyen.core.tests.helpers import text


def _invite(matrix):
    member = matrix.members["branch_a1"]
    member.email = "mot@example.edu.vn"
    member.save()
    accounts_create(unit=matrix.units["branch_a1"], user=matrix.users["branch_secretary"])
    (email,) = [e for e in send_and_read() if e.to == ["mot@example.edu.vn"]]
    return member, email


def _choose(client, link, password=PASSWORD):
    page = client.get(link)
    if page.status_code != 302:
        return page
    return client.post(page["Location"], {"new_password1": password, "new_password2": password})


def test_the_invitation_sets_the_password_and_signs_in_once(client, matrix):
    member, email = _invite(matrix)
    assert email.subject == "Tài khoản Chương trình rèn luyện đoàn viên của bạn"
    assert "mã đoàn viên DV9006" in email.body
    link = link_in(email.body)
    response = _choose(client, link)
    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert member.user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(member.user_id)

    client.logout()
    again = _choose(client, link, "Mật-khẩu-thứ-hai-77")
    assert again.status_code == 200
    assert "Đường dẫn này không còn hiệu lực" in text(again)
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_the_invitation_expires(client, matrix, settings):
    settings.ACCOUNT_INVITATION_DAYS = 14
    member, email = _invite(matrix)
    link = link_in(email.body)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        response = _choose(client, link)
    assert "Đường dẫn này không còn hiệu lực" in text(response)
    member.refresh_from_db()
    assert not member.user.has_usable_password()
    with time_machine.travel(timezone.now() + timezone.timedelta(days=13)):
        assert _choose(client, link).status_code == 302


def test_an_invitation_link_is_not_a_reset_link_and_the_other_way_round(client, matrix):
    _member, email = _invite(matrix)
    uid_token = link_in(email.body).split("/invitation/")[1]
    assert "không còn hiệu lực" in text(client.get(f"/reset/{uid_token}"))
