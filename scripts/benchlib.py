"""What the page benchmarks share (`make bench`): the database and Django set-up, the
school of the first users' size, its four accounts, and timing a page as a user opens it.

A throwaway SQLite database unless DATABASE_URL is set (then it must be an empty
database you can drop afterwards, e.g. one made by scripts/pg_cluster.py).
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# RENLUYEN_BENCH_FEDERATIONS=100 makes the school ten times larger (3,000 branches,
# 150,000 members): make bench-large, and the load benchmark (scripts/loadbench/run.py).
FEDERATIONS = int(os.environ.get("RENLUYEN_BENCH_FEDERATIONS", "10"))
BRANCHES_PER_FEDERATION, MEMBERS_PER_BRANCH = 30, 50
REPEAT = 5


def main(name: str, build_world, run) -> int:
    """Set up Django on a scratch database, build the world, run the measurements."""
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory(prefix="renluyen-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renluyen.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    print(
        f"renluyen {name} bench: {FEDERATIONS * BRANCHES_PER_FEDERATION} branches, "
        f"{FEDERATIONS * BRANCHES_PER_FEDERATION * MEMBERS_PER_BRANCH:,} members, "
        f"{connection.vendor}\nPython {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    started = time.perf_counter()
    world = build_world()
    print(f"built the data in {time.perf_counter() - started:.1f} s\n")
    run(world)
    if scratch:
        scratch.cleanup()
    return 0


@dataclass
class School:
    base: object
    federations: list
    branches: list
    program: object
    enrollments: list  # MEMBERS_PER_BRANCH per branch, in branch order
    users: dict  # standing (base), federation (the first), secretary (the first branch), member


def build_school(program_of) -> School:
    """A base Union with 10 federations of 30 branches of 50 members, every member enrolled
    in the program `program_of(base)` returns. Call inside a transaction."""
    from renluyen import factories
    from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
    from renluyen.people.models import Member, MemberType
    from renluyen.programs.models import Enrollment

    upper = Unit.objects.create(level=Level.UPPER, code="DHQG", name="Đoàn ĐHQG")
    base = Unit.objects.create(level=Level.BASE, code="DHKT", name="Đoàn trường", parent=upper)
    program = program_of(base)
    feds, branches = [], []
    for f in range(FEDERATIONS):
        fed = Unit.objects.create(
            level=Level.FEDERATION, code=f"LCD{f}", name=f"Liên chi đoàn {f}", parent=base
        )
        feds.append(fed)
        for b in range(BRANCHES_PER_FEDERATION):
            branches.append(
                Unit.objects.create(
                    level=Level.BRANCH, code=f"CD{f}-{b}", name=f"Chi đoàn {f}-{b}", parent=fed
                )
            )
    members = Member.objects.bulk_create(
        [
            Member(
                code=f"DV{i:06d}",
                full_name=f"Nguyễn Văn {i}",
                member_type=MemberType.STUDENT,
                branch=branch,
                search_text=f"nguyễn văn {i} nguyen van {i}",
            )
            for n, branch in enumerate(branches)
            for i in range(n * MEMBERS_PER_BRANCH, (n + 1) * MEMBERS_PER_BRANCH)
        ],
        batch_size=2000,
    )
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(program=program, member=m, branch=m.branch) for m in members],
        batch_size=2000,
    )
    users = {
        key: factories.user(f"bench_{key}")
        for key in ("standing", "federation", "secretary", "member")
    }
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=users["standing"], unit=base, role=Role.STANDING_COMMITTEE),
            RoleAssignment(user=users["federation"], unit=feds[0], role=Role.FEDERATION_COMMITTEE),
            RoleAssignment(user=users["secretary"], unit=branches[0], role=Role.BRANCH_SECRETARY),
        ]
    )
    return School(base, feds, branches, program, enrollments, users)


def give_account(enrollment, user) -> None:
    from renluyen.people.models import Member

    Member.objects.filter(pk=enrollment.member_id).update(user=user)


def measurer(users: dict):
    """A `measure(label, who, method, url, data=None, repeat=REPEAT, expect=200)` that
    drives the page as `users[who]` and prints the median time and the query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)

    def measure(label, who, method, url, data=None, repeat=REPEAT, expect=200):
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = getattr(clients[who], method)(url, data or {})
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append(time.perf_counter() - start)
            queries = len(ctx.captured_queries)
            if response.status_code != expect:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        median = statistics.median(times) * 1000
        print(f"  {label:<52} {median:8.0f} ms  {queries:4d} queries")
        return response

    return measure
