"""Tests that run the app in another process (gunicorn, manage.py commands killed midway,
pg_dump): the environment that points such a process at the test database.

Only PostgreSQL is reachable from another process (pytest-django's SQLite test database
lives in memory), so these tests are marked `postgresql_only` and use `transactional_db`
so that what they write is committed and visible to the other process.
"""

import os
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The URL of the test database (not the one DATABASE_URL names)."""
    s = connection.settings_dict
    user = s["USER"] or "postgres"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def environment(**extra) -> dict:
    """os.environ for a process of this project on the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="renluyen.settings",
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]
