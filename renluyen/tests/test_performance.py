"""What keeps the hot pages fast (issue 14, docs/performance.md): no session query per
request, the cached template loader, persistent connections in production, and query
counts that do not grow with the data of the pages changed for speed."""

import secrets

import pytest
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renluyen import factories
from renluyen.tests.test_settings import run_manage


def _session_queries(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_the_session_without_a_query(db):
    user = factories.user()
    client = Client()
    client.force_login(user)
    response, queries = _session_queries(client)
    assert response.status_code == 200
    assert queries == []


def test_a_logout_ends_the_session_for_every_worker(db):
    """The cache is shared (files): the old cookie, replayed, is no longer signed in."""
    user = factories.user()
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    client.post("/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_evicted_session_is_read_back_from_the_database(db):
    from django.conf import settings
    from django.core.cache import caches

    user = factories.user()
    client = Client()
    client.force_login(user)
    caches[settings.SESSION_CACHE_ALIAS].clear()
    response, queries = _session_queries(client)
    assert response.status_code == 200 and len(queries) == 1
    assert _session_queries(client)[1] == []  # cached again


def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


@pytest.mark.parametrize(
    ("debug", "expected"),
    [("0", "60 True cached_db"), ("1", "0 True cached_db")],
)
def test_production_keeps_its_database_connection(tmp_path, debug, expected):
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.SESSION_ENGINE.rsplit('.', 1)[1])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DEBUG=debug,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="renluyen.example.org",
        RENLUYEN_VAR_DIR=str(tmp_path),
        DB_CONN_MAX_AGE="",
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
