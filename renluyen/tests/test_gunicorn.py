"""The production server: gunicorn with DEBUG=0 (gunicorn.conf.py, as `make serve` runs it)
on the test PostgreSQL database serves the login page, a member page after logging in,
a static file, and /healthz, with the production headers."""

import http.client
import re
import secrets
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from renluyen.core.tests.processes import ROOT, environment, manage
from renluyen.core.tests.smtp_sink import free_port

pytestmark = pytest.mark.postgresql_only
PASSWORD = "gunicorn-Test-2026"


class Browser:
    """Just enough of a browser over http.client: cookies (the production ones are Secure,
    which the HTTPS proxy in front would carry) and the proxy's X-Forwarded-Proto."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content.decode("utf-8", "replace")


@pytest.fixture
def server(transactional_db, tmp_path):
    port = free_port()
    env = environment(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        RENLUYEN_VAR_DIR=tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    collect = subprocess.run(
        manage("collectstatic", "--no-input", "-v0"), env=env, cwd=ROOT, capture_output=True
    )
    assert collect.returncode == 0, collect.stderr
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    browser = Browser(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if browser.request("GET", "/healthz")[0].status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
        time.sleep(0.2)
    yield browser
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_serves_the_login_page_a_member_page_and_static_files(server, matrix):
    member = matrix.members["own"]
    user = matrix.users["member"]
    # The server checks with the production hashers (the tests' MD5 is not among them).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "gunicorntest", iterations=1000)
    user.save()

    response, html = server.request("GET", "/login/")
    assert response.status == 200 and "Đăng nhập" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response, _ = server.request(
        "POST",
        "/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status == 302, "login refused"
    response, html = server.request("GET", f"/members/{member.pk}/")
    assert response.status == 200 and member.full_name in html
    assert "no-store" in response.headers["Cache-Control"]

    static = re.search(r'href="(/static/renluyen/site\.[0-9a-f]+\.css)"', html)
    assert static, "DEBUG=0 links the hashed static file names"
    response, css = server.request("GET", static.group(1))
    assert response.status == 200 and ".topbar" in css
    assert "max-age=315360000" in response.headers["Cache-Control"]  # hashed: cached forever


def test_gunicorn_answers_404_without_a_debug_page(server):
    response, html = server.request("GET", "/no-such-page/")
    assert response.status == 404
    assert "Traceback" not in html and "DEBUG" not in html


def test_healthz_answers_over_plain_http_for_the_load_balancer(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b"ok\n"
