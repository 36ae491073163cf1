"""Logging in through the login page."""

from renluyen import factories
from renluyen.core.tests.helpers import text

PASSWORD = "Mật-khẩu-dài-2026"


def test_it_shows_the_login_form_in_vietnamese(client, db):
    html = text(client.get("/login/"))
    assert "<h1>Đăng nhập</h1>" in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_it_logs_in_and_goes_home(client, db):
    factories.user("bithu", password=PASSWORD)
    response = client.post("/login/", {"username": "bithu", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_goes_back_to_the_page_asked_for(client, matrix):
    factories.user("lienchi", password=PASSWORD)
    response = client.post(
        "/login/?next=/members/", {"username": "lienchi", "password": PASSWORD, "next": "/members/"}
    )
    assert response["Location"] == "/members/"


def test_it_never_sends_the_user_to_another_site(client, db):
    factories.user("bithu", password=PASSWORD)
    response = client.post(
        "/login/", {"username": "bithu", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, db):
    factories.user("bithu", password=PASSWORD)
    response = client.post("/login/", {"username": "bithu", "password": "sai-mat-khau"})
    assert response.status_code == 200
    html = text(response)
    assert "mật khẩu chính xác" in html
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_log_in(client, db):
    factories.user("cu", password=PASSWORD, is_active=False)
    response = client.post("/login/", {"username": "cu", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_logged_in_user_is_sent_home_from_the_login_page(client, db):
    client.force_login(factories.user())
    response = client.get("/login/")
    assert response.status_code == 302 and response["Location"] == "/"
