"""The main pages, rendered for the demo's users, are what they were: a guard for the
performance work (issue 14), which must not change what a user sees.

Each page is compared with a stored snapshot under renluyen/tests/snapshots/. The demo is
loaded once for the module on a fixed day (the clock stands still), with every id
sequence restarted first, so that dates and ids are the same on every run and backend;
CSRF tokens and CSP nonces, which change on every request, are replaced by placeholders.

When a page changes on purpose, refresh the snapshots and review the diff in git:

    RENLUYEN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest renluyen/tests/test_page_snapshots.py
"""

import io
import os
import re
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.test import Client

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("RENLUYEN_UPDATE_SNAPSHOTS") == "1"
# A day in the middle of a school year; the demo's dates are relative to it.
DAY = "2026-11-20 09:30:00+07:00"
# Each test in a savepoint of the module's transaction (and the test database set up).
pytestmark = pytest.mark.django_db

VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1CSRF"),
    (re.compile(r'("X-CSRFToken"\s*:\s*")[^"]+'), r"\1CSRF"),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]+'), r"\1CSRF"),
    (re.compile(r'(\sdata-csrf=")[^"]+'), r"\1CSRF"),
    (re.compile(r'(\snonce=")[^"]+'), r"\1NONCE"),
]


def normalise(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def _restart_sequences():
    """Ids start after the rows the migrations made, whatever ran before in this process
    (PostgreSQL sequences do not roll back with a test's transaction)."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    if connection.vendor == "postgresql":
        statements = connection.ops.sequence_reset_sql(no_style(), models)
    else:
        tables = [m._meta.db_table for m in models]
        names = ", ".join(f"'{t}'" for t in tables)
        statements = [f"UPDATE sqlite_sequence SET seq = 0 WHERE name IN ({names})"]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    from django.db import transaction

    from renluyen.core import demo
    from renluyen.organizations.models import Unit
    from renluyen.programs.models import Enrollment, Program

    traveller = time_machine.travel(DAY, tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _restart_sequences()
            from django.conf import settings

            hashers = settings.PASSWORD_HASHERS
            settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            try:
                demo.load_demo()
            finally:
                settings.PASSWORD_HASHERS = hashers
            if connection.vendor == "postgresql":
                # Statistics of the demo's own rows (uncommitted, so autovacuum never sees
                # them): without them the planner may pick plans meant for empty tables.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            units = {u.code: u for u in Unit.objects.all()}
            current = Program.objects.get(unit__code="DHKT", school_year=demo.current_school_year())
            previous = Program.objects.get(
                unit__code="DHKT", school_year=demo.previous_school_year()
            )

            def enrollment(program, username):
                return Enrollment.objects.get(program=program, member__user__username=username)

            yield {
                "units": units,
                "current": current,
                "previous": previous,
                "enrollment": enrollment,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            traveller.stop()


def pages(world) -> dict:
    """name -> (username or None, url)."""
    units, current, previous = world["units"], world["current"], world["previous"]
    enrollment = world["enrollment"]
    cd1, fed, base, upper = units["CD-1"], units["LCD-KTCT"], units["DHKT"], units["DHQGHN"]
    return {
        "login": (None, "/login/"),
        "member_home": ("doanvien", "/"),
        "secretary_home": ("bithu", "/"),
        "registration_form_empty": (
            "doanvien",
            f"/registrations/{enrollment(current, 'doanvien').pk}/",
        ),
        "registration_form_draft": (
            "uyvien",
            f"/registrations/{enrollment(current, 'uyvien').pk}/",
        ),
        "self_evaluation": (
            "doanvien",
            f"/evaluations/{enrollment(previous, 'doanvien').pk}/self/",
        ),
        "notifications": ("bithu", "/notifications/"),
        "branch_review_list": ("bithu", f"/registrations/branch/{cd1.pk}/"),
        "branch_evaluation_table": (
            "bithu",
            f"/evaluations/branch/{cd1.pk}/?program={previous.pk}",
        ),
        "federation_overview": ("lienchi", f"/registrations/unit/{fed.pk}/"),
        "base_overview": ("thuongvu", f"/registrations/unit/{base.pk}/"),
        "base_results": ("thuongvu", f"/evaluations/unit/{base.pk}/?program={previous.pk}"),
        "federation_results": ("lienchi", f"/evaluations/unit/{fed.pk}/?program={previous.pk}"),
        "upper_results": (
            "doancaptren",
            f"/evaluations/unit/{upper.pk}/?program={previous.pk}",
        ),
        "member_quality_export": (
            "thuongvu",
            f"/evaluations/unit/{base.pk}/export.xlsx?program={previous.pk}",
        ),
    }


PAGES = [
    "login",
    "member_home",
    "secretary_home",
    "registration_form_empty",
    "registration_form_draft",
    "self_evaluation",
    "notifications",
    "branch_review_list",
    "branch_evaluation_table",
    "federation_overview",
    "base_overview",
    "base_results",
    "federation_results",
    "upper_results",
    "member_quality_export",
]


def _as_text(response) -> tuple[str, str]:
    """The page's HTML, or a spreadsheet's cells one row a line (tab-separated)."""
    content = (
        b"".join(response.streaming_content)
        if hasattr(response, "streaming_content")
        else response.content
    )
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        lines = []
        for sheet in book.worksheets:
            lines.append(f"## {sheet.title}")
            for row in sheet.iter_rows(values_only=True):
                # Cells' values; trailing empty cells are no cells (writers pad differently).
                cells = ["" if v is None else str(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                lines.append("\t".join(cells))
        return "\n".join(lines) + "\n", ".tsv"
    return normalise(content.decode()), ".html"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_what_it_was(world, name):
    from django.contrib.auth import get_user_model

    username, url = pages(world)[name]
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    text, suffix = _as_text(response)
    path = SNAPSHOTS / f"{name}{suffix}"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no snapshot {path.name}: run with RENLUYEN_UPDATE_SNAPSHOTS=1")
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib

        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"snapshots/{path.name}",
                    "rendered",
                    n=2,
                )
            )[:80]
        )
        pytest.fail(f"{name} changed:\n{diff}")
