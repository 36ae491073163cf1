"""Time the pages of the middle of the year (`make bench`).

Builds the school of scripts/benchlib.py (300 branches, 15,000 members) in which the
first federation's 1,500 members have a confirmed form of 10 criteria, 3 progress entries
(a third of them with a comment), a submitted six-monthly self-review with a reply on
every fourth, and the first branch ran an activity that its 50 members attended. Then
drives the pages with Django's test client and prints the median time and the queries:

- the branch's summary of self-reviews (50 members), the secretary's entries to look at;
- the member's progress log and self-review page;
- the organiser's attendance checklist (50 members) and one check-in by code;
- the to-do counts (progress.todo.counts) of the secretary and the member.
"""

import random
import time

import benchlib
from benchlib import BRANCHES_PER_FEDERATION, MEMBERS_PER_BRANCH


def build_world():
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.activities.models import Activity, AttendanceMethod, Participation
    from renluyen.progress.models import Comment, Entry, Mark, Reply, ReviewMark, SelfReview
    from renluyen.registrations.models import Item, ItemKind, Registration, State

    rng = random.Random(2027)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        school = benchlib.build_school(
            lambda base: factories.program(
                unit=base,
                self_review_start=today - timedelta(days=3),
                self_review_end=today + timedelta(days=10),
            )
        )
        program = school.program
        criteria = [
            c
            for area in program.areas.order_by("number")
            for c in area.criteria.order_by("order")[:2]
        ]
        followed = school.enrollments[: BRANCHES_PER_FEDERATION * MEMBERS_PER_BRANCH]
        registrations = Registration.objects.bulk_create(
            [Registration(enrollment=e, state=State.CONFIRMED, confirmed_at=now) for e in followed],
            batch_size=2000,
        )
        items = Item.objects.bulk_create(
            [
                Item(
                    registration=r,
                    area_id=c.area_id,
                    kind=ItemKind.CRITERION,
                    criterion=c,
                    solution=factories.GOOD_SOLUTION,
                    confirmed_at=now,
                )
                for r in registrations
                for c in criteria
            ],
            batch_size=5000,
        )
        by_enrollment = {}
        for registration, n in zip(registrations, range(len(registrations)), strict=True):
            by_enrollment[registration.enrollment_id] = items[n * 10 : (n + 1) * 10]
        entries = Entry.objects.bulk_create(
            [
                Entry(
                    enrollment_id=e.pk,
                    item=item,
                    done_on=today - timedelta(days=rng.randrange(1, 60)),
                    text="Tham gia sinh hoạt chi đoàn và ghi chép đầy đủ.",
                    author=school.users["member"],
                )
                for e in followed
                for item in rng.sample(by_enrollment[e.pk], 3)
            ],
            batch_size=5000,
        )
        Comment.objects.bulk_create(
            [
                Comment(entry=entry, author=school.users["secretary"], text="Tốt.")
                for entry in entries[::3]
            ],
            batch_size=5000,
        )
        reviews = SelfReview.objects.bulk_create(
            [
                SelfReview(
                    enrollment_id=e.pk, submitted_at=now, difficulties="Khó." if i % 5 else ""
                )
                for i, e in enumerate(followed)
            ],
            batch_size=2000,
        )
        ReviewMark.objects.bulk_create(
            [
                ReviewMark(review=r, item=item, status=rng.choice(list(Mark)))
                for r in reviews
                for item in by_enrollment[r.enrollment_id]
            ],
            batch_size=5000,
        )
        Reply.objects.bulk_create(
            [Reply(review=r, author=school.users["member"], text="Cố lên!") for r in reviews[::4]],
            batch_size=2000,
        )
        first = school.branches[0]
        activity = Activity.objects.create(
            program=program,
            unit=first,
            area=criteria[0].area,
            title="Sinh hoạt chủ điểm",
            starts_on=today,
            checkin_code="BENCH2",
        )
        Participation.objects.bulk_create(
            [
                Participation(
                    activity=activity,
                    enrollment=e,
                    signed_up_at=now,
                    attended_at=now if i % 2 else None,
                    method=AttendanceMethod.CHECKLIST if i % 2 else "",
                )
                for i, e in enumerate(school.enrollments[1:MEMBERS_PER_BRANCH])
            ]
        )
        benchlib.give_account(school.enrollments[0], school.users["member"])
    return school, activity


def run(world):
    from django.urls import reverse

    from renluyen.progress import todo

    school, activity = world
    measure = benchlib.measurer(school.users)
    branch, program = school.branches[0], school.program
    mine = school.enrollments[0]
    print("Middle of the year")
    measure(
        "branch summary of self-reviews, 50 members",
        "secretary",
        "get",
        f"{reverse('progress:branch', args=[branch.pk])}?program={program.pk}",
    )
    measure(
        "entries to look at (secretary, first page)",
        "secretary",
        "get",
        reverse("progress:waiting"),
    )
    measure(
        "member's progress log (10 criteria, 3 entries)",
        "member",
        "get",
        reverse("progress:log", args=[mine.pk]),
    )
    measure(
        "member's six-monthly self-review page",
        "member",
        "get",
        reverse("progress:review", args=[mine.pk]),
    )
    measure(
        "attendance checklist, 50 members",
        "secretary",
        "get",
        reverse("activities:roster", args=[activity.pk]),
    )
    measure(
        "check in with a code (one member)",
        "member",
        "post",
        reverse("activities:check_in"),
        {"code": "BENCH2"},
        repeat=1,
        expect=302,
    )
    for who in ("secretary", "member", "standing"):
        user = type(school.users[who]).objects.get(pk=school.users[who].pk)
        start = time.perf_counter()
        counts = todo.counts(user)
        took = (time.perf_counter() - start) * 1000
        print(f"  {'to-do counts, ' + who:<52} {took:8.0f} ms  {counts}")


if __name__ == "__main__":
    raise SystemExit(benchlib.main("progress", build_world, run))
