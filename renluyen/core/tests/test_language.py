from renluyen import factories


def test_it_answers_in_vietnamese_even_to_an_english_browser(client, db):
    client.force_login(factories.user(first_name="Bình", last_name="Nguyễn Thị"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert "Xin chào, Nguyễn Thị Bình" in html
    assert response["Content-Language"] == "vi"


def test_the_language_button_switches_to_english_and_back(client, db):
    client.force_login(factories.user(first_name="Bình", last_name="Nguyễn Thị"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Hello, Nguyễn Thị Bình" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Xin chào, Nguyễn Thị Bình" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies["django_language"] = "fr"
    assert "Đăng nhập" in client.get("/login/").content.decode()
