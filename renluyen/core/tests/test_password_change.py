"""Changing one's password."""

from django.contrib.auth import authenticate

from renluyen import factories
from renluyen.core.tests.helpers import text

OLD = "Mật-khẩu-cũ-2026"
NEW = "Mật-khẩu-mới-2027"


def test_it_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/password/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/password/"


def test_it_changes_the_password_and_keeps_the_user_logged_in(client, db):
    user = factories.user("bithu", password=OLD)
    client.force_login(user)
    assert "Đổi mật khẩu" in text(client.get("/password/"))
    response = client.post(
        "/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    assert "Mật khẩu của bạn đã được đổi." in text(client.get("/password/done/"))
    assert authenticate(username="bithu", password=NEW) == user
    assert authenticate(username="bithu", password=OLD) is None


def test_a_wrong_old_password_changes_nothing(client, db):
    client.force_login(factories.user("bithu", password=OLD))
    response = client.post(
        "/password/", {"old_password": "không-phải", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in text(response)
    assert authenticate(username="bithu", password=OLD) is not None


def test_a_weak_or_mismatched_new_password_is_refused_in_vietnamese(client, db):
    client.force_login(factories.user("bithu", password=OLD))
    response = client.post(
        "/password/", {"old_password": OLD, "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in text(response)
    response = client.post(
        "/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW + "x"}
    )
    assert "Hai trường mật khẩu không giống nhau." in text(response)
    assert authenticate(username="bithu", password=OLD) is not None
