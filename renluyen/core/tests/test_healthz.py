"""/healthz: 200 while the database answers, 503 when it does not; no login, no session."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_it_answers_ok_without_login_or_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_only_reads(client, db):
    assert client.post("/healthz").status_code == 405


def test_it_answers_503_when_the_database_is_down():
    # A real server process whose database refuses connections (nothing listens on port 1).
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(r.status_code, r.content.decode().strip())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW")}
    env.update(
        DJANGO_SETTINGS_MODULE="renluyen.settings",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable", result.stderr
