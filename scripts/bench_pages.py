"""Time the hot pages in-process (`make bench`), at 15,000 and at 150,000 members.

The school is scripts/bench_evaluations.py's (10 federations x 30 branches x 50 members,
every form confirmed with 10 criteria, self- and collective scores, the branches' results
in every state), with RENLUYEN_BENCH_FEDERATIONS=100 ten times larger. On top of it: an
upper-level officer, and a member whose form is a draft while registration is still open
(the draft save). Each page is driven with Django's test client as its user opens it
(median of REPEAT, after one warm-up) and its SQL queries counted:

    .venv/bin/python scripts/pg_cluster.py run -- .venv/bin/python scripts/bench_pages.py
    RENLUYEN_BENCH_FEDERATIONS=100 .venv/bin/python scripts/pg_cluster.py run -- \\
        .venv/bin/python scripts/bench_pages.py

With --keep the school is built only when the database does not hold it yet, so the same
data can be measured before and after a change (DATABASE_URL of a database you keep).
"""

import os
import statistics
import sys
import time

import bench_evaluations
import benchlib
from benchlib import MEMBERS_PER_BRANCH

REPEAT = int(os.environ.get("RENLUYEN_BENCH_REPEAT", "7"))


def build_world():
    bench_evaluations.build_world()
    _add_drafter_and_upper()
    _rebuild_rollups()
    return find_world()


def _rebuild_rollups():
    """The stored per-branch figures the unit pages read (dashboards.rollups), counted
    from the rows the build wrote without going through the services."""
    from renluyen.dashboards import rollups

    started = time.perf_counter()
    rollups.rebuild()
    print(f"roll-ups rebuilt in {time.perf_counter() - started:.1f} s")


def _add_drafter_and_upper():
    """The upper-level officer; and a member of branch 1 whose form is back in draft with
    registration open until next month (the evaluation stays open: plain UPDATEs, as the
    factories move dates)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.evaluations.models import Evaluation
    from renluyen.organizations.models import Role, RoleAssignment, Unit
    from renluyen.programs.models import Enrollment, Program
    from renluyen.registrations.models import Item, Registration, State

    with transaction.atomic():
        upper = Unit.objects.get(code="DHQG")
        officer = factories.user("bench_upper")
        RoleAssignment.objects.create(user=officer, unit=upper, role=Role.UPPER_LEVEL)
        branch1 = Unit.objects.get(code="CD0-1")
        enrollment = Enrollment.objects.filter(branch=branch1).order_by("pk")[20]
        Evaluation.objects.filter(enrollment=enrollment).delete()
        registration = Registration.objects.get(enrollment=enrollment)
        Registration.objects.filter(pk=registration.pk).update(
            state=State.DRAFT, submitted_at=None, first_submitted_at=None, confirmed_at=None
        )
        Item.objects.filter(registration=registration).update(confirmed_at=None)
        Program.objects.filter(pk=enrollment.program_id).update(
            registration_deadline=timezone.localdate() + timedelta(days=30)
        )
        benchlib.give_account(enrollment, factories.user("bench_drafter"))


def find_world() -> dict:
    from django.contrib.auth import get_user_model

    from renluyen.organizations.models import Unit
    from renluyen.programs.models import Enrollment, Program

    users = {
        key: get_user_model().objects.get(username=f"bench_{key}")
        for key in ("standing", "federation", "secretary", "member", "upper", "drafter")
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=["DHQG", "DHKT", "LCD0", "CD0-0"])}
    program = Program.objects.get(unit=units["DHKT"])
    return {
        "upper": units["DHQG"],
        "base": units["DHKT"],
        "federation": units["LCD0"],
        "branch": units["CD0-0"],
        "program": program,
        "users": users,
        "member_enrollment": Enrollment.objects.get(member__user=users["member"]),
        "draft_enrollment": Enrollment.objects.get(member__user=users["drafter"]),
    }


def _clients(users):
    from django.test import Client

    clients = {None: Client()}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def _draft_data(enrollment):
    """What the form posts for "Lưu nháp": the picked criteria with their solutions, and
    the version the member saw (read again before each save)."""
    from renluyen.registrations.models import Item, Registration

    registration = Registration.objects.get(enrollment=enrollment)
    data = {"action": "save", "version": str(registration.version), "pick": []}
    for item in Item.objects.filter(registration=registration).select_related("criterion"):
        key = f"c{item.criterion_id}"
        data["pick"].append(key)
        data[f"{key}-solution"] = item.solution
    return data


def run(world) -> list[tuple]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    clients = _clients(world["users"])
    program, branch = world["program"], world["branch"]
    q = f"?program={program.pk}"
    draft = world["draft_enrollment"]
    pages = [
        ("login (anonymous)", None, "get", "/login/", None, 200),
        ("member home", "member", "get", "/", None, 200),
        ("member registration form", "drafter", "get", f"/registrations/{draft.pk}/", None, 200),
        (
            "member self-evaluation",
            "member",
            "get",
            f"/evaluations/{world['member_enrollment'].pk}/self/",
            None,
            200,
        ),
        ("member notifications", "member", "get", "/notifications/", None, 200),
        ("branch review list, 50", "secretary", "get", f"/registrations/branch/{branch.pk}/{q}"),
        ("branch evaluation table, 50", "secretary", "get", f"/evaluations/branch/{branch.pk}/{q}"),
        (
            "federation overview (30 branches)",
            "federation",
            "get",
            f"/registrations/unit/{world['federation'].pk}/{q}",
        ),
        (
            "base-Union registration overview",
            "standing",
            "get",
            f"/registrations/unit/{world['base'].pk}/{q}",
        ),
        (
            "federation results (30 branches)",
            "federation",
            "get",
            f"/evaluations/unit/{world['federation'].pk}/{q}",
        ),
        ("base-Union results", "standing", "get", f"/evaluations/unit/{world['base'].pk}/{q}"),
        ("upper-level results", "upper", "get", f"/evaluations/unit/{world['upper'].pk}/{q}"),
        (
            "draft save (POST)",
            "drafter",
            "post",
            f"/registrations/{draft.pk}/",
            lambda: _draft_data(draft),
            302,
        ),
    ]
    rows = []
    print(f"{'page':<36} {'median ms':>10} {'CPU ms':>7} {'SQL ms':>7} {'queries':>8} {'KB':>7}")
    for page in pages:
        label, who, method, url, data, expect = (*page, None, 200)[:6]
        times, cpu, sql, queries, size = [], [], [], 0, 0
        for n in range(REPEAT + 1):
            payload = data() if callable(data) else (data or {})
            reset_queries()  # the log keeps 9,000 queries: the build filled it
            with CaptureQueriesContext(connection) as ctx:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = getattr(clients[who], method)(url, payload)
                body = (
                    b"".join(response.streaming_content)
                    if hasattr(response, "streaming_content")
                    else response.content
                )
                elapsed = time.perf_counter() - start
                elapsed_cpu = time.process_time() - start_cpu
            if response.status_code != expect:
                raise SystemExit(f"{label}: HTTP {response.status_code}, expected {expect}")
            if n:  # the first is the warm-up
                times.append(elapsed)
                cpu.append(elapsed_cpu)
                sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
            queries, size = len(ctx.captured_queries), len(body)
        median = statistics.median(times) * 1000
        # CPU: this process's (Python's) time, which other processes on the machine do
        # not inflate; SQL: the queries' wall time as the client saw it.
        median_cpu, median_sql = statistics.median(cpu) * 1000, statistics.median(sql) * 1000
        rows.append((label, median, queries, size))
        print(
            f"{label:<36} {median:10.1f} {median_cpu:7.1f} {median_sql:7.1f} "
            f"{queries:8d} {size / 1024:7.0f}"
        )
    if os.environ.get("RENLUYEN_BENCH_EXPORT", "1") == "1":  # 0: the pages only
        export_url = f"/evaluations/unit/{world['base'].pk}/export.xlsx{q}"
        _export(clients["standing"], export_url)
        _bare_writers(program, world["base"])
    return rows


def _bare_writers(program, unit):
    """The same rows written bare by each of the two writers (no formula check, no
    styles), the floor the export is compared with."""
    import tempfile
    from decimal import Decimal

    import xlsxwriter
    from openpyxl import Workbook

    from renluyen.evaluations.export import _member_rows

    try:
        rows = list(_member_rows(program, unit))
    except TypeError:  # the export of before XlsxWriter (the "before" figures)
        print("bare writers: skipped (an older export module)")
        return

    def openpyxl_write_only():
        book = Workbook(write_only=True)
        sheet = book.create_sheet("x")
        for row in rows:
            sheet.append(row)
        with tempfile.TemporaryFile() as handle:
            book.save(handle)

    def xlsxwriter_constant_memory():
        with tempfile.TemporaryFile() as handle:
            book = xlsxwriter.Workbook(handle, {"constant_memory": True})
            sheet = book.add_worksheet("x")
            for number, row in enumerate(rows):
                sheet.write_row(number, 0, [float(v) if isinstance(v, Decimal) else v for v in row])
            book.close()

    for writer in (openpyxl_write_only, xlsxwriter_constant_memory):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            writer()
            times.append(time.perf_counter() - start)
        label = f"bare {writer.__name__.replace('_', ' ')}"
        print(f"{label:<36} {statistics.median(times) * 1000:10.1f}   ({len(rows):,} rows)")


def _export(client, url):
    """The member-quality export of the whole base Union: its time, then (a second run,
    traced) the peak of Python memory allocated while writing it."""
    import tracemalloc

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def fetch():
        response = client.get(url)
        return sum(len(chunk) for chunk in response.streaming_content)

    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        size = fetch()
        elapsed = time.perf_counter() - start
    tracemalloc.start()
    fetch()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{'member-quality export (.xlsx)':<36} {elapsed * 1000:10.1f} "
        f"{len(ctx.captured_queries):8d} {size / 1024:7.0f}   peak Python memory "
        f"{peak / 2**20:.0f} MiB"
    )


def _rollups_missing() -> bool:
    from django.apps import apps

    if not apps.is_installed("renluyen.dashboards"):
        return False
    from renluyen.dashboards.models import BranchFigures

    return not BranchFigures.objects.exists()


def main() -> int:
    keep = "--keep" in sys.argv
    if not keep:
        return benchlib.main("pages", build_world, run)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renluyen.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from renluyen.organizations.models import Unit

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    members = benchlib.FEDERATIONS * benchlib.BRANCHES_PER_FEDERATION * MEMBERS_PER_BRANCH
    print(f"renluyen pages bench: {members:,} members, {connection.vendor}")
    if not Unit.objects.filter(code="DHKT").exists():
        started = time.perf_counter()
        build_world()
        print(f"built the data in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elif _rollups_missing():  # a database built before the pages read the roll-ups
        _rebuild_rollups()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    run(find_world())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
