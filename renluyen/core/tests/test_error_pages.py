"""The 400, 403, 404 and 500 pages with DEBUG off (issue 9 item 6): in the site's layout,
Vietnamese by default, English when chosen, saying what happened and where to go. The
500 page renders without the database."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from renluyen import factories
from renluyen.core.tests.helpers import text

PAGES = {
    # path: (status, Vietnamese heading, English heading)
    "/test-errors/bad/": (400, "Yêu cầu không hợp lệ", "Bad request"),
    "/test-errors/denied/": (403, "Không có quyền", "Not allowed"),
    "/no-such-page/": (404, "Không tìm thấy trang", "Page not found"),
    "/test-errors/boom/": (500, "Đã có lỗi xảy ra", "Something went wrong"),
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "renluyen.core.tests.error_urls"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_error_page_in_both_languages(client, db, production, path, language):
    status, vietnamese, english = PAGES[path]
    client.raise_request_exception = False
    client.force_login(factories.user())
    if language == "en":
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    assert response.status_code == status
    html = text(response)
    heading = vietnamese if language == "vi" else english
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert 'class="topbar"' in html and 'href="/"' in html  # the site's layout, a way home
    assert ("Về trang chủ" if language == "vi" else "Go to the home page") in html
    assert "Traceback" not in html and "a bug" not in html


def test_a_page_the_user_may_not_see_is_the_404_page(client, matrix, production):
    client.force_login(matrix.users["branch_secretary"])
    response = client.get(f"/units/{matrix.units['branch_b1'].pk}/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in text(response)


def test_an_action_the_role_may_not_take_is_the_403_page(client, matrix, production):
    client.force_login(matrix.users["inspection"])
    response = client.get(f"/accounts/units/{matrix.units['base'].pk}/")
    assert response.status_code == 403
    assert "<h1>Không có quyền</h1>" in text(response)


def test_a_stale_form_is_the_expired_page(client, db, production):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "<h1>Trang đã hết hạn</h1>" in text(response)


def test_the_500_page_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("vi"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
