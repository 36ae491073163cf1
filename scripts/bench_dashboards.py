"""Time the year's end (`make bench`): dashboards, reports, ranking, exports.

1. The school of scripts/bench_evaluations.py (300 branches, 15,000 members, 150,000
   scores, results in every state), its roll-ups rebuilt, reports sent by a third of the
   branches. The pages are driven with Django's test client: median of 5, SQL queries.
   Goal: the base-Union dashboard under 300 ms.
2. PostgreSQL only: the upper level of a country's slice, 100 base Unions of 10
   federations × 30 branches × 50 members (1.5 million members, 1.5 million forms and
   evaluations), built with generate_series (no ORM row by row), the roll-ups counted by
   the same rollups.refresh_program the services use. Then, in the same run and
   interleaved, the upper-level dashboard and a plain GROUP BY over the raw tables
   (dashboards/direct.py, base Union by base Union): the figures must be equal and the
   dashboard under 1 s and within 2× of the GROUP BY.

With DATABASE_URL pointing at PostgreSQL (e.g. `scripts/pg_cluster.py run -- make bench`)
the script makes its own database on that server and drops it afterwards, so it can run
after the other benchmarks. RENLUYEN_BENCH_NATIONAL=0 leaves part 2 out.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_evaluations  # noqa: E402
import benchlib  # noqa: E402

NATIONAL_BASES = int(os.environ.get("RENLUYEN_BENCH_BASES", "100"))
NATIONAL_FEDERATIONS, NATIONAL_BRANCHES, NATIONAL_MEMBERS = 10, 30, 50


def line(label: str, seconds: float, extra: str = "") -> None:
    """One result as the other benchmarks print them."""
    print(f"  {label:<52} {seconds * 1000:8.0f} ms  {extra}".rstrip())


def build_world():
    from django.db import transaction

    from renluyen import factories
    from renluyen.dashboards import rollups
    from renluyen.organizations.models import Role, RoleAssignment

    world = bench_evaluations.build_world()
    started = time.perf_counter()
    rollups.rebuild()
    world["rebuild_s"] = time.perf_counter() - started
    with transaction.atomic():
        users = world["users"]
        users["office"] = factories.user("bench_office")
        users["upper"] = factories.user("bench_upper")
        RoleAssignment.objects.create(user=users["office"], unit=world["base"], role=Role.OFFICE)
        RoleAssignment.objects.create(
            user=users["upper"], unit=world["base"].parent, role=Role.UPPER_LEVEL
        )
    _reports(world)
    return world


def _reports(world):
    """A third of the finalized branches send their report (by the service)."""
    from renluyen.evaluations.models import BranchEvaluation, BranchState
    from renluyen.organizations.models import Unit
    from renluyen.reports import services

    admin = _admin()
    program = world["program"]
    done = BranchEvaluation.objects.filter(program=program).exclude(state=BranchState.OPEN)
    ids = list(done.order_by("branch_id").values_list("branch_id", flat=True)[::3])
    for unit in Unit.objects.filter(pk__in=ids):
        report = services.report_save(
            program=program, unit=unit, user=admin, values={"achievements": "Tốt."}, version=0
        )
        services.report_submit(program=program, unit=unit, user=admin, version=report.version)
    world["reports_sent"] = len(ids)


def _admin():
    from renluyen import factories

    return factories.user("bench_admin", is_superuser=True)


def run(world) -> None:
    from django.db import connection, transaction

    from renluyen.dashboards import rollups

    measure = benchlib.measurer(world["users"])
    program, base, fed = world["program"], world["base"], world["federation"]
    q = f"?program={program.pk}"
    print(f"roll-ups rebuilt from the raw tables (15,000 members): {world['rebuild_s']:.1f} s")
    print(f"{world['reports_sent']} branch reports sent by the service\n")
    year = f"?year={program.school_year}"
    unit = f"/dashboards/unit/{base.pk}"
    pages = [
        ("base-Union dashboard (300 branches, 15,000)", "standing", f"{unit}/{q}"),
        ("federation dashboard (30 branches)", "federation", f"/dashboards/unit/{fed.pk}/{q}"),
        (
            "branch dashboard (50 members)",
            "secretary",
            f"/dashboards/unit/{world['branch'].pk}/{q}",
        ),
        (
            "upper-level dashboard (1 base Union)",
            "upper",
            f"/dashboards/unit/{base.parent.pk}/{year}",
        ),
        ("branches late on evaluation (list)", "standing", f"{unit}/late/evaluation/{q}"),
        ("office's list of reports (310 units)", "office", f"/reports/office/{base.pk}/{q}"),
        ("emulation ranking, branches (300)", "standing", f"/emulation/unit/{base.pk}/{q}"),
        (
            "emulation ranking, federations (10)",
            "standing",
            f"/emulation/unit/{base.pk}/{q}&level=federation",
        ),
        ("federation report page (1,500 members)", "federation", f"/reports/unit/{fed.pk}/{q}"),
    ]
    print("pages (median of 5)")
    for label, who, url in pages:
        measure(label, who, "get", url)
    branch_report = world["forwarded_branches"][0]
    once = [
        ("federation report PDF (1,500 names)", "federation", f"/reports/unit/{fed.pk}/pdf/{q}"),
        ("branch report PDF (50 names)", "standing", f"/reports/unit/{branch_report.pk}/pdf/{q}"),
        ("unit summary (.xlsx, 311 units)", "standing", f"{unit}/export/summary.xlsx{q}"),
        ("units late (.xlsx)", "standing", f"{unit}/export/late.xlsx{q}"),
        ("ranking (.xlsx, 300 branches)", "standing", f"/emulation/unit/{base.pk}/export.xlsx{q}"),
        (
            "members' scores of a federation (.xlsx, 15,000 rows)",
            "federation",
            f"/dashboards/unit/{fed.pk}/export/members.xlsx{q}",
        ),
    ]
    print("\ndocuments and exports (one request each)")
    for label, who, url in once:
        measure(label, who, "get", url, repeat=1)
    _background_export(world)
    print("\nroll-up refresh inside a transaction, as in a service (what each service adds)")
    branch = world["branch"]

    def one_branch():
        with transaction.atomic():
            rollups.refresh_branch(program=program, branch=branch)

    def whole_program():
        with transaction.atomic():
            rollups.refresh_program(program=program)

    _time("refresh_branch, 50 members", one_branch, 5)
    _time("refresh_program, 15,000 members", whole_program, 1)
    if connection.vendor == "postgresql" and os.environ.get("RENLUYEN_BENCH_NATIONAL", "1") != "0":
        national()
    elif connection.vendor != "postgresql":
        print("\nthe upper level at 1.5 million members: PostgreSQL only (skipped on SQLite)")


def _background_export(world):
    """The 150,000-row member export of the whole school, as the `run_exports` job writes
    it (the page only records the request)."""
    from renluyen.dashboards import exports, jobs

    program, base = world["program"], world["base"]
    rows = exports.member_row_count(program, base)
    job = jobs.start(
        kind="members", user=world["users"]["standing"], unit=base, program=program, rows_total=rows
    )
    started = time.perf_counter()
    jobs.run_pending()
    job.refresh_from_db()
    seconds = time.perf_counter() - started
    size = jobs.path_of(job).stat().st_size if job.state == "done" else 0
    label = f"members' scores of the school, background job ({rows:,} rows)"
    line(label, seconds, f"{size / 1024 / 1024:.1f} MiB, {job.state}")
    jobs.path_of(job).unlink(missing_ok=True)


def _time(label, func, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
    line(label, statistics.median(times), f"{len(ctx.captured_queries):4d} queries")


# ---------------------------------------------------------------- 1.5 million members


def national() -> None:
    print(
        f"\nthe upper level: {NATIONAL_BASES} base Unions × {NATIONAL_FEDERATIONS} federations × "
        f"{NATIONAL_BRANCHES} branches × {NATIONAL_MEMBERS} members"
    )
    started = time.perf_counter()
    upper, programs = _national_data()
    print(f"  built the raw tables with generate_series in {time.perf_counter() - started:.0f} s")
    from renluyen.dashboards import rollups

    started = time.perf_counter()
    for program in programs:
        rollups.refresh_program(program=program)
    took = time.perf_counter() - started
    print(f"  counted the roll-ups (rollups.refresh_program × {len(programs)}) in {took:.0f} s")
    _analyze()
    _compare(upper, programs)


def _national_data():
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from renluyen.organizations.models import PATH_SEP, Level, Unit, _segment
    from renluyen.programs.models import Program, ProgramStatus

    today = timezone.localdate()
    with transaction.atomic():
        upper = Unit.objects.create(level=Level.UPPER, code="TW", name="Trung ương Đoàn (mẫu)")
        bases = Unit.objects.bulk_create(
            [
                Unit(level=Level.BASE, code=f"B{b}", name=f"Đoàn trường {b}", parent=upper)
                for b in range(NATIONAL_BASES)
            ]
        )
        feds = Unit.objects.bulk_create(
            [
                Unit(
                    level=Level.FEDERATION,
                    code=f"B{b}-F{f}",
                    name=f"Liên chi đoàn {b}-{f}",
                    parent=base,
                )
                for b, base in enumerate(bases)
                for f in range(NATIONAL_FEDERATIONS)
            ],
            batch_size=5000,
        )
        branches = Unit.objects.bulk_create(
            [
                Unit(
                    level=Level.BRANCH,
                    code=f"{fed.code}-C{c}",
                    name=f"Chi đoàn {fed.code}-{c}",
                    parent=fed,
                )
                for fed in feds
                for c in range(NATIONAL_BRANCHES)
            ],
            batch_size=5000,
        )
        # bulk_create skips save(): the materialised paths are set here, level by level.
        for unit in [*bases, *feds, *branches]:
            unit.path = unit.parent.path + _segment(unit.pk)
            unit.depth = unit.path.count(PATH_SEP) - 1
        Unit.objects.bulk_update([*bases, *feds, *branches], ["path", "depth"], batch_size=5000)
        programs = Program.objects.bulk_create(
            [
                Program(
                    unit=base,
                    school_year="2025-2026",
                    name="Chương trình rèn luyện đoàn viên năm học 2025 - 2026",
                    status=ProgramStatus.OPEN,
                    registration_deadline=today - timedelta(days=150),
                    self_review_start=today - timedelta(days=100),
                    self_review_end=today - timedelta(days=90),
                    evaluation_start=today - timedelta(days=20),
                    evaluation_deadline=today + timedelta(days=10),
                    report_deadline=today + timedelta(days=20),
                )
                for base in bases
            ]
        )
        program_of_base = {p.unit_id: p.pk for p in programs}
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_branch (n int, branch_id bigint, program_id bigint)"
            )
            cursor.executemany(
                "INSERT INTO bench_branch VALUES (%s, %s, %s)",
                [(n, b.pk, program_of_base[b.parent.parent_id]) for n, b in enumerate(branches)],
            )
            cursor.execute("CREATE INDEX ON bench_branch (n)")
            params = {"deadline": today - timedelta(days=150), "today": today}
            for sql in _national_sql():
                cursor.execute(sql, params if "%(" in sql else None)
    return upper, programs


def _national_sql() -> list[str]:
    """Members, enrollments, forms, evaluations and branch results for every branch of
    bench_branch, by generate_series. Shares: 92 % submitted a form (6 % of them after
    the deadline), 85 % confirmed, 4 % sent the six-monthly self-review, 26 % had a
    check-in round, 75 % self-evaluated, 70 % with a complete result (levels
    30/40/20/10), branches' results in every state."""
    m = NATIONAL_MEMBERS
    return [
        "SELECT setseed(0.12)",
        f"""
        INSERT INTO people_member (code, full_name, member_type, status, branch_id, search_text,
                                   email, phone, gender, transferred_to, created_at, updated_at)
        SELECT 'N' || lpad(g::text, 8, '0'), 'Nguyễn Văn ' || g, 'student', 'active', b.branch_id,
               'nguyễn văn ' || g, '', '', '', '', now(), now()
        FROM generate_series(0, (SELECT count(*) FROM bench_branch) * {m} - 1) AS g
        JOIN bench_branch b ON b.n = g / {m}
        """,
        """
        INSERT INTO programs_enrollment (program_id, member_id, branch_id)
        SELECT b.program_id, p.id, p.branch_id
        FROM people_member p JOIN bench_branch b ON b.branch_id = p.branch_id
        WHERE p.code LIKE 'N%'
        """,
        """
        CREATE TEMP TABLE bench_roll AS
        SELECT e.id, e.program_id, e.branch_id, random() AS r, random() AS s
        FROM programs_enrollment e JOIN bench_branch b ON b.branch_id = e.branch_id
        """,
        """
        INSERT INTO registrations_registration (enrollment_id, state, round, version, on_paper,
            first_submitted_at, submitted_at, confirmed_at, created_at, updated_at)
        SELECT id,
               CASE WHEN r < 0.85 THEN 'confirmed' WHEN r < 0.89 THEN 'submitted'
                    WHEN r < 0.92 THEN 'returned' ELSE 'draft' END,
               0, 1, false,
               CASE WHEN r < 0.92 THEN
                   (%(deadline)s::date - (s * 28)::int
                    + (CASE WHEN s < 0.06 THEN 35 ELSE 0 END))::timestamp
                   AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '10 hours' END,
               CASE WHEN r < 0.92 THEN now() END,
               CASE WHEN r < 0.85 THEN now() END,
               now(), now()
        FROM bench_roll WHERE r < 0.97
        """,
        """
        INSERT INTO progress_selfreview (enrollment_id, difficulties, submitted_at, version,
                                         created_at, updated_at)
        SELECT id, '', now(), 1, now(), now() FROM bench_roll WHERE r < 0.85 AND s > 0.96
        """,
        """
        INSERT INTO support_checkin (enrollment_id, round, held_on, progress, difficulty,
                                     support, recorded_at, updated_at, version)
        SELECT id, 1, %(today)s::date - 60, 'Đã trao đổi.', '', '', now(), now(), 1
        FROM bench_roll WHERE r < 0.85 AND s BETWEEN 0.30 AND 0.60
        """,
        """
        INSERT INTO evaluations_evaluation (enrollment_id, self_state, self_submitted_at, comment,
                                            accepted, change_reason, total, level, reason,
                                            version, updated_at)
        SELECT id,
               CASE WHEN s < 0.88 THEN 'submitted' ELSE 'draft' END,
               CASE WHEN s < 0.88 THEN (%(today)s::date - (s * 14)::int)::timestamp
                   AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '9 hours' END,
               '', s < 0.88, '',
               CASE WHEN s < 0.82 THEN 65 + (s * 40)::int END,
               CASE WHEN s < 0.25 THEN 'excellent' WHEN s < 0.58 THEN 'good'
                    WHEN s < 0.74 THEN 'completed' ELSE 'not_completed' END,
               CASE WHEN s < 0.74 THEN '' WHEN s < 0.82 THEN 'below_threshold'
                    ELSE 'not_evaluated' END,
               1, now()
        FROM bench_roll WHERE r < 0.85
        """,
        """
        INSERT INTO evaluations_branchevaluation (program_id, branch_id, state, minutes,
                                                  return_comment, version)
        SELECT program_id, branch_id,
               CASE n % 5 WHEN 0 THEN 'open' WHEN 1 THEN 'finalized' WHEN 2 THEN 'forwarded'
                          WHEN 3 THEN 'recognized' ELSE 'returned' END,
               '', '', 1
        FROM bench_branch
        """,
        """
        INSERT INTO reports_report (program_id, unit_id, state, title, achievements, difficulties,
            proposals, commendations, return_comment, version, first_submitted_at, submitted_at,
            created_at, updated_at)
        SELECT program_id, branch_id, 'submitted', 'Báo cáo', '', '', '', '', '', 1, now(), now(),
               now(), now()
        FROM bench_branch WHERE n % 3 = 0
        """,
    ]


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _compare(upper, programs):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from renluyen import factories
    from renluyen.dashboards import direct, figures
    from renluyen.dashboards.models import COUNTS
    from renluyen.organizations.models import Role, RoleAssignment

    user = factories.user("bench_national")
    RoleAssignment.objects.create(user=user, unit=upper, role=Role.UPPER_LEVEL)
    client = Client()
    client.force_login(user)
    url = f"/dashboards/unit/{upper.pk}/?year=2025-2026"
    client.get(url)  # warm: templates, translations, the session
    page_times, group_times, queries = [], [], 0
    for _ in range(5):  # interleaved, so both see the same machine
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            page_times.append(time.perf_counter() - started)
        queries = len(ctx.captured_queries)
        assert response.status_code == 200
        started = time.perf_counter()
        raw = direct.by_base_union(programs)
        group_times.append(time.perf_counter() - started)
        reset_queries()
    scope = figures.Scope(upper, programs, timezone.localdate())
    shown = {row.unit.pk: row.counts for row in figures.by_child(scope)}
    equal = shown == {pk: {k: v[k] for k in COUNTS} for pk, v in raw.items()}
    members = sum(v["members"] for v in raw.values())
    page, group = statistics.median(page_times) * 1000, statistics.median(group_times) * 1000
    line(f"upper-level dashboard, {members:,} members", page / 1000, f"{queries:4d} queries")
    line("plain GROUP BY over the raw tables (direct.py)", group / 1000)
    ratio = page / group
    print(f"  dashboard / GROUP BY: {ratio:.2f}; figures equal, base Union by base Union: {equal}")
    base = programs[0].unit
    client.get(f"/dashboards/unit/{base.pk}/?program={programs[0].pk}")
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(f"/dashboards/unit/{base.pk}/?program={programs[0].pk}")
        times.append(time.perf_counter() - started)
    line("one base Union's dashboard in that database", statistics.median(times))
    ranking = f"/emulation/unit/{upper.pk}/?year=2025-2026&level=branch"
    client.get(ranking)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        client.get(ranking)
        times.append(time.perf_counter() - started)
    line("ranking of the 30,000 branches (a page of 50)", statistics.median(times))
    if not equal:
        raise SystemExit("the upper-level figures differ from the GROUP BY")


# ---------------------------------------------------------------- a database of its own


def own_database():
    """On PostgreSQL, a fresh database on the same server (dropped afterwards)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    server, _sep, _name = url.rpartition("/")
    name = f"bench_dashboards_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    return server, name


def drop_database(made) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    server, name = made
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    made = own_database()
    try:
        code = benchlib.main("dashboard", build_world, run)
    finally:
        if made:
            drop_database(made)
    raise SystemExit(code)
