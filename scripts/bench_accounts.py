"""Time the start of a school year at 15,000 members (`make bench`): accounts for every
member in one action (issue 9 item 1: under 60 s), the branch's activation sheet, signing
in by member code, and enrolling the whole school in a new program (item 4).

The school is scripts/benchlib.py's (300 branches of 50 members); nine members in ten
have an email, so the action also queues about 13,500 invitations in the outbox.
"""

import time

import benchlib

TARGET_SECONDS = 60


def build_world():
    from django.db import transaction
    from django.db.models import Value
    from django.db.models.functions import Concat, Lower

    from renluyen import factories
    from renluyen.organizations.models import Role, RoleAssignment
    from renluyen.people.models import Member

    with transaction.atomic():
        school = benchlib.build_school(lambda base: factories.program(unit=base))
        Member.objects.exclude(code__endswith="0").update(
            email=Concat(Lower("code"), Value("@example.edu.vn"))
        )
        office = factories.user("bench_office")
        RoleAssignment.objects.create(user=office, unit=school.base, role=Role.OFFICE)
    return {"school": school, "users": {**school.users, "office": office}}


def run(world) -> None:
    from django.test import Client

    from renluyen.accounts.models import ActivationCode
    from renluyen.notifications.models import OutboxEmail
    from renluyen.people.models import Member
    from renluyen.programs.models import Enrollment
    from renluyen.programs.services import program_copy

    school = world["school"]
    measure = benchlib.measurer(world["users"])
    base, first = school.base, school.branches[0]
    members = Member.objects.count()

    measure(
        "accounts page, base Union (300 branches)", "office", "get", f"/accounts/units/{base.pk}/"
    )
    started = time.perf_counter()
    measure(
        f"create accounts for {members:,} members (one action)",
        "office",
        "post",
        f"/accounts/units/{base.pk}/",
        repeat=1,
        expect=302,
    )
    seconds = time.perf_counter() - started
    made = Member.objects.filter(user__isnull=False).count()
    print(
        f"    -> {made:,} accounts, {OutboxEmail.objects.count():,} invitations queued, "
        f"{seconds:.1f} s (target: under {TARGET_SECONDS} s)"
    )
    measure("accounts page again (all made)", "office", "get", f"/accounts/units/{base.pk}/")
    measure(
        "activation sheet, one branch (50 members)",
        "secretary",
        "post",
        f"/accounts/units/{first.pk}/sheet/",
        {"with_email": "1"},
        repeat=1,
    )
    codes = ActivationCode.objects.filter(member__branch=first).count()
    print(f"    -> {codes} codes printed")

    member = Member.objects.select_related("user").filter(branch=first).first()
    member.user.set_password("bench-password-2026")
    member.user.save()
    anonymous = Client()
    times = []
    for _ in range(benchlib.REPEAT):
        anonymous.logout()
        start = time.perf_counter()
        response = anonymous.post(
            "/login/", {"username": member.code.lower(), "password": "bench-password-2026"}
        )
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
    times.sort()
    print(f"  {'sign in by member code (test hasher)':<52} {times[len(times) // 2] * 1000:8.0f} ms")

    new = program_copy(
        program=school.program, school_year="2021-2022", user=world["users"]["standing"]
    )
    measure(
        "new year: preview of the counts per branch",
        "standing",
        "get",
        f"/programs/{new.pk}/enroll/",
    )
    measure(
        f"new year: enroll {members:,} members (one action)",
        "standing",
        "post",
        f"/programs/{new.pk}/enroll/",
        repeat=1,
        expect=302,
    )
    print(f"    -> {Enrollment.objects.filter(program=new).count():,} enrolled")
    if seconds >= TARGET_SECONDS:
        raise SystemExit(f"accounts took {seconds:.1f} s, over the {TARGET_SECONDS} s target")


if __name__ == "__main__":
    raise SystemExit(benchlib.main("accounts", build_world, run))
