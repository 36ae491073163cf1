"""Logging out."""

from renluyen import factories


def test_it_logs_out_and_shows_the_login_page(client, db):
    client.force_login(factories.user())
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/")["Location"] == "/login/?next=/"


def test_a_plain_link_cannot_log_anyone_out(client, db):
    # A GET could be triggered by any page (an <img>); only the form's POST logs out.
    client.force_login(factories.user())
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200
