"""Time the to-do list and the support pages at the size of the first users (`make bench`).

Builds a base Union with 10 federations, 300 branches and 15,000 members in the middle of
the year: every member with a confirmed form but 750 awaiting review, monthly check-ins
with round 1 held with 90 % of the members and round 2 (under way) with 40 %, two help
requests waiting and one answered in every branch, guidance waiting in a third of the
branches, a mentor for one member in ten. Then drives the pages with Django's test
client and prints the median time and the number of SQL queries:

- the home page (its to-do list first) of the base Union's standing committee member,
  a federation's committee member, a branch secretary, a mentor and a member;
- the support summary of the base Union (300 branches, 50 a page) and of a federation;
- a branch's support page and its check-in round page (50 members);
- the daily reminders: a run in the middle of the year (committees before a round ends),
  then one as registration closes in 7 days with 15,000 members yet to send their form,
  and the same run again (nothing queued twice).

The set-up, the school and the timing are scripts/benchlib.py's.
"""

import random
import time
from datetime import timedelta

import benchlib
from benchlib import MEMBERS_PER_BRANCH


def build_world():
    from django.db import connection, transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.organizations.models import Role, RoleAssignment
    from renluyen.programs.models import Program
    from renluyen.registrations.models import Registration, State
    from renluyen.support import rounds
    from renluyen.support.demo import mid_year_dates
    from renluyen.support.models import (
        Checkin,
        CheckinPlan,
        Frequency,
        Guidance,
        HelpReply,
        HelpRequest,
        HelpState,
        MentorKind,
        Mentorship,
    )

    rng = random.Random(2026)
    today = timezone.localdate()
    with transaction.atomic():
        school = benchlib.build_school(lambda base: factories.program(unit=base))
        program, branches, enrollments = school.program, school.branches, school.enrollments
        Program.objects.filter(pk=program.pk).update(**mid_year_dates(today))
        program.refresh_from_db()
        now = timezone.now()
        Registration.objects.bulk_create(
            [
                Registration(
                    enrollment=e,
                    state=State.SUBMITTED if n % 20 == 7 else State.CONFIRMED,
                    submitted_at=now,
                    first_submitted_at=now,
                    confirmed_at=None if n % 20 == 7 else now,
                )
                for n, e in enumerate(enrollments)
            ],
            batch_size=2000,
        )
        users = school.users
        CheckinPlan.objects.bulk_create(
            [
                CheckinPlan(program=program, branch=b, frequency=Frequency.MONTHLY, chosen_at=now)
                for b in branches
            ]
        )
        first, second = rounds.schedule(program, Frequency.MONTHLY)[:2]
        checkins = []
        for e in enrollments:
            if rng.random() < 0.9:
                checkins.append(
                    Checkin(enrollment=e, round=1, held_on=first.ends_on, progress="Đã trao đổi.")
                )
            if rng.random() < 0.4:
                checkins.append(Checkin(enrollment=e, round=2, held_on=today, progress="Tốt."))
        Checkin.objects.bulk_create(checkins, batch_size=5000)
        requests = HelpRequest.objects.bulk_create(
            [
                HelpRequest(
                    enrollment=enrollments[n * MEMBERS_PER_BRANCH + k],
                    text="Em cần giúp đỡ.",
                    state=HelpState.ANSWERED if k == 2 else HelpState.OPEN,
                )
                for n in range(len(branches))
                for k in range(3)
            ],
            batch_size=2000,
        )
        HelpReply.objects.bulk_create(
            [
                HelpReply(request=r, author=users["secretary"], text="Được.")
                for r in requests
                if r.state == HelpState.ANSWERED
            ]
        )
        supervisor = factories.user("bench_supervisor")
        RoleAssignment.objects.create(
            user=supervisor, unit=school.federations[0], role=Role.SUPERVISOR
        )
        Guidance.objects.bulk_create(
            [
                Guidance(program=program, unit=b, author=supervisor, text="Nhắc chi đoàn.")
                for b in branches[::3]
            ]
        )
        mentor, others = factories.user("bench_mentor"), factories.user("bench_mentors")
        Mentorship.objects.bulk_create(
            [
                Mentorship(
                    enrollment=e, mentor=mentor if n < 5 else others, kind=MentorKind.COMMITTEE
                )
                for n, e in enumerate(enrollments[::10])
            ],
            batch_size=2000,
        )
        users["secretary"].email = "bithu@example.edu.vn"
        users["secretary"].save()
        # The member account is the 11th member of branch 1, who asked for help.
        member_enrollment = enrollments[MEMBERS_PER_BRANCH + 2]
        benchlib.give_account(member_enrollment, users["member"])
        users = {**users, "mentor": mentor, "supervisor": supervisor}
    if connection.vendor == "postgresql":
        # Autovacuum analyzes freshly loaded tables within a minute or so; the pages are
        # timed with the planner's statistics, as a running server has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "base": school.base,
        "federation": school.federations[0],
        "branch": branches[0],
        "program": program,
        "users": users,
        "second": second,
        "enrollments": enrollments,
    }


def run(world) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from renluyen.notifications.models import OutboxEmail
    from renluyen.people.models import Member
    from renluyen.programs.models import Program
    from renluyen.registrations.models import Registration
    from renluyen.support import reminders

    measure = benchlib.measurer(world["users"])
    program, base, federation, branch = (
        world["program"],
        world["base"],
        world["federation"],
        world["branch"],
    )
    q = f"?program={program.pk}"
    print("home page with its to-do list (median of 5)")
    for who, label in [
        ("standing", "base Union standing committee, 15,000 members"),
        ("federation", "federation committee, 30 branches"),
        ("supervisor", "supervisor of a federation"),
        ("secretary", "branch secretary, 50 members"),
        ("mentor", "mentor of 5 members"),
        ("member", "member"),
    ]:
        measure(label, who, "get", "/")
    print("support pages (median of 5)")
    measure(
        "base Union summary (300 branches, 50 a page)",
        "standing",
        "get",
        f"/support/units/{base.pk}/{q}",
    )
    measure(
        "federation summary (30 branches)",
        "federation",
        "get",
        f"/support/units/{federation.pk}/{q}",
    )
    measure("branch support page", "secretary", "get", f"/support/units/{branch.pk}/{q}")
    measure(
        "check-in round page, 50 members",
        "secretary",
        "get",
        f"/support/branches/{branch.pk}/checkins/{world['second'].number}/{q}",
    )

    print("daily reminders (one run each)")

    def timed(label, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            outcome = reminders.send_reminders(**kwargs)
            took = time.perf_counter() - start
        print(
            f"  {label:<52} {took * 1000:8.0f} ms  {len(ctx.captured_queries):4d} queries"
            f"  ({outcome.queued} queued, {outcome.skipped} already)"
        )

    timed("mid-year: committees before round 2 ends", today=world["second"].ends_on)
    # Registration closes in 7 days and nobody has sent a form: 15,000 reminders.
    today = timezone.localdate()
    Program.objects.filter(pk=program.pk).update(registration_deadline=today + timedelta(days=7))
    Registration.objects.all().delete()
    Member.objects.update(email="dv@example.edu.vn")
    OutboxEmail.objects.all().delete()
    timed("15,000 members before the registration deadline")
    timed("the same run again the same day")
    started = time.perf_counter()
    call_command("send_reminders", "--queue-only", stdout=open("/dev/null", "w"))
    print(
        f"  {'manage.py send_reminders --queue-only (third run)':<52} "
        f"{(time.perf_counter() - started) * 1000:8.0f} ms"
    )


if __name__ == "__main__":
    raise SystemExit(benchlib.main("to-do list and support", build_world, run))
