"""Time the registration pages at the size of the first users (`make bench`).

Builds a base Union with 10 federations, 300 branches and 15,000 members, each enrolled,
and forms for 80% of them (10 criteria each: 120,000 items) spread over every state. Then
drives the pages with Django's test client as their users would and prints the median time
and the number of SQL queries of each:

- the standing committee's overview of all 300 branches;
- a federation's overview of its 30 branches;
- a secretary's branch list (50 members) and one form's review page;
- a member's form page, and saving + submitting it;
- confirming the branch's 40 submitted forms in one action;
- the branch's PDF of all its confirmed forms.

A throwaway SQLite database unless DATABASE_URL is set (then it must be an empty
database you can drop afterwards, e.g. one made by scripts/pg_cluster.py).
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FEDERATIONS, BRANCHES_PER_FEDERATION, MEMBERS_PER_BRANCH = 10, 30, 50
REPEAT = 5


def main() -> int:
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
        f"renluyen registration bench: {FEDERATIONS * BRANCHES_PER_FEDERATION} branches, "
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


def build_world():
    from django.db import transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.organizations.models import Level, Role, RoleAssignment, Unit
    from renluyen.people.models import Member, MemberType
    from renluyen.programs.models import Enrollment
    from renluyen.registrations.models import Item, ItemKind, Registration, State

    with transaction.atomic():
        upper = Unit.objects.create(level=Level.UPPER, code="DHQG", name="Đoàn ĐHQG")
        base = Unit.objects.create(level=Level.BASE, code="DHKT", name="Đoàn trường", parent=upper)
        program = factories.program(unit=base)
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
        # In every branch of 50: 10 not registered, 10 drafts, 20 submitted (40 in the
        # first branch, where the secretary confirms them), 10 confirmed.
        now = timezone.now()
        states = [None] * 10 + [State.DRAFT] * 10 + [State.SUBMITTED] * 20 + [State.CONFIRMED] * 10
        first_branch_states = [None] * 5 + [State.SUBMITTED] * 40 + [State.CONFIRMED] * 5
        registrations = []
        for n, enrollment in enumerate(enrollments):
            pattern = first_branch_states if n < MEMBERS_PER_BRANCH else states
            state = pattern[n % MEMBERS_PER_BRANCH]
            if state is not None:
                registrations.append(
                    Registration(
                        enrollment=enrollment,
                        state=state,
                        submitted_at=now if state != State.DRAFT else None,
                        first_submitted_at=now if state != State.DRAFT else None,
                        confirmed_at=now if state == State.CONFIRMED else None,
                    )
                )
        registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
        drafts = factories.drafts(program)
        Item.objects.bulk_create(
            [
                Item(
                    registration=r,
                    area=d.area,
                    kind=ItemKind.CRITERION,
                    criterion=d.criterion,
                    solution=d.solution,
                    confirmed_at=r.confirmed_at,
                )
                for r in registrations
                for d in drafts
            ],
            batch_size=5000,
        )
        users = {
            "standing": factories.user("bench_standing"),
            "federation": factories.user("bench_federation"),
            "secretary": factories.user("bench_secretary"),
            "member": factories.user("bench_member"),
        }
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=users["standing"], unit=base, role=Role.STANDING_COMMITTEE),
                RoleAssignment(
                    user=users["federation"], unit=feds[0], role=Role.FEDERATION_COMMITTEE
                ),
                RoleAssignment(
                    user=users["secretary"], unit=branches[0], role=Role.BRANCH_SECRETARY
                ),
            ]
        )
        # The member account: a draft of 9 criteria in branch 1 (the 11th member).
        member_enrollment = enrollments[MEMBERS_PER_BRANCH + 10]
        Member.objects.filter(pk=member_enrollment.member_id).update(user=users["member"])
    return {
        "base": base,
        "federation": feds[0],
        "branch": branches[0],
        "program": program,
        "users": users,
        "member_enrollment": member_enrollment,
        "review_enrollment": enrollments[5],
        "drafts": drafts,
    }


def run(world) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for key, user in world["users"].items():
        clients[key] = Client()
        clients[key].force_login(user)

    def measure(label, who, method, url, data=None, repeat=REPEAT, expect=200):
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = getattr(clients[who], method)(url, data or {})
                times.append(time.perf_counter() - start)
            queries = len(ctx.captured_queries)
            if response.status_code != expect:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        median = statistics.median(times) * 1000
        print(f"  {label:<52} {median:8.0f} ms  {queries:4d} queries")

    program, branch = world["program"], world["branch"]
    q = f"?program={program.pk}"
    print("pages (median of 5)")
    measure(
        "overview, base Union (300 branches, 15,000)",
        "standing",
        "get",
        f"/registrations/unit/{world['base'].pk}/{q}",
    )
    measure(
        "overview, federation (30 branches)",
        "federation",
        "get",
        f"/registrations/unit/{world['federation'].pk}/{q}",
    )
    measure("branch list, 50 members", "secretary", "get", f"/registrations/branch/{branch.pk}/{q}")
    measure(
        "review page, one form",
        "secretary",
        "get",
        f"/registrations/{world['review_enrollment'].pk}/review/",
    )
    enrollment = world["member_enrollment"]
    measure("member's form page", "member", "get", f"/registrations/{enrollment.pk}/")

    from renluyen.registrations.models import Registration

    version = Registration.objects.get(enrollment=enrollment).version
    data = {"action": "submit", "version": str(version), "pick": []}
    for draft in world["drafts"]:
        data["pick"].append(draft.key)
        data[f"{draft.key}-solution"] = draft.solution
    measure(
        "member saves and submits 10 criteria",
        "member",
        "post",
        f"/registrations/{enrollment.pk}/",
        data,
        repeat=1,
        expect=302,
    )

    ids = list(
        Registration.objects.filter(enrollment__branch=branch, state="submitted").values_list(
            "enrollment_id", flat=True
        )
    )
    measure(
        f"confirm {len(ids)} forms in one action",
        "secretary",
        "post",
        f"/registrations/branch/{branch.pk}/{q}",
        {"enrollment": ids, "action": "confirm"},
        repeat=1,
        expect=302,
    )
    measure(
        "branch PDF of its 45 confirmed forms",
        "secretary",
        "get",
        f"/registrations/branch/{branch.pk}/pdf/{q}",
        repeat=1,
    )
    measure(
        "branch print page of its 45 confirmed forms",
        "secretary",
        "get",
        f"/registrations/branch/{branch.pk}/print/{q}",
        repeat=3,
    )


if __name__ == "__main__":
    raise SystemExit(main())
