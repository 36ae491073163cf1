"""Time the evaluation pages at the size of the first users (`make bench`).

Builds a base Union with 10 federations, 300 branches and 15,000 members, each with a
confirmed form of 10 criteria, self-scores and collective scores (150,000 scores), and
the branches' results spread over every state. Then drives the pages with Django's test
client as their users would and prints the median time and the number of SQL queries:

- the branch committee's table of a 50-member branch, and saving one cell;
- the member's self-evaluation page, and saving + submitting it;
- finalizing the 50-member branch (every member's result stored);
- the base Union's results page (300 branches) and a federation's (30);
- recognizing a federation's 30 forwarded branches in one action;
- the member-quality export of all 15,000 members (.xlsx).

The set-up, the school and the timing are scripts/benchlib.py's.
"""

import random
from decimal import Decimal

import benchlib
from benchlib import BRANCHES_PER_FEDERATION, MEMBERS_PER_BRANCH


def build_world():
    from django.db import transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.evaluations import scoring
    from renluyen.evaluations.models import (
        BranchEvaluation,
        BranchState,
        Evaluation,
        GroupComment,
        Score,
    )
    from renluyen.registrations.models import Item, ItemKind, Registration, State

    rng = random.Random(2026)
    with transaction.atomic():
        school = benchlib.build_school(
            lambda base: factories.open_evaluation(factories.program(unit=base))
        )
        program, branches, enrollments = school.program, school.branches, school.enrollments
        now = timezone.now()
        registrations = Registration.objects.bulk_create(
            [
                Registration(
                    enrollment=e,
                    state=State.CONFIRMED,
                    submitted_at=now,
                    first_submitted_at=now,
                    confirmed_at=now,
                )
                for e in enrollments
            ],
            batch_size=2000,
        )
        drafts = factories.drafts(program)
        items = Item.objects.bulk_create(
            [
                Item(
                    registration=r,
                    area=d.area,
                    kind=ItemKind.CRITERION,
                    criterion=d.criterion,
                    solution=d.solution,
                    confirmed_at=now,
                )
                for r in registrations
                for d in drafts
            ],
            batch_size=5000,
        )
        # The member account's evaluation (branch 1, 11th member) is left for the pages.
        member_enrollment = enrollments[MEMBERS_PER_BRANCH + 10]
        scored = [e for e in enrollments if e.pk != member_enrollment.pk]
        evaluations = Evaluation.objects.bulk_create(
            [
                # Self-evaluated, and accepted by the branch as they stand (issue 10).
                Evaluation(
                    enrollment=e,
                    self_state="submitted",
                    self_submitted_at=now,
                    reviewed_at=now,
                    accepted=True,
                )
                for e in scored
            ],
            batch_size=2000,
        )
        by_registration = {}
        for item in items:
            by_registration.setdefault(item.registration_id, []).append(item)
        registration_of = {r.enrollment_id: r.pk for r in registrations}
        scores, results = [], []
        thresholds = scoring.Thresholds.of(program)
        for evaluation in evaluations:
            values = [Decimal(rng.choice([6, 7, 7.5, 8, 8.5, 9, 9.5, 10])) for _ in drafts]
            for item, value in zip(
                by_registration[registration_of[evaluation.enrollment_id]], values, strict=True
            ):
                scores.append(
                    Score(
                        evaluation=evaluation,
                        item=item,
                        self_score=value,
                        explanation=f"Đã thực hiện {item.criterion.code} theo kế hoạch.",
                        collective_score=value,
                    )
                )
            outcome = scoring.result(confirmed=True, scores=values, thresholds=thresholds)
            evaluation.total, evaluation.level, evaluation.reason = (
                outcome.total,
                outcome.level,
                outcome.reason,
            )
            results.append(evaluation)
        Score.objects.bulk_create(scores, batch_size=5000)
        Evaluation.objects.bulk_update(results, ["total", "level", "reason"], batch_size=2000)
        # Branch 0 and 1 open; federation 0's others finalized (awaiting it); federation 1's
        # forwarded (awaiting the base Union); the rest recognized.
        states = []
        for n, branch in enumerate(branches):
            if n < 2:
                state = BranchState.OPEN
            elif n < BRANCHES_PER_FEDERATION:
                state = BranchState.FINALIZED
            elif n < 2 * BRANCHES_PER_FEDERATION:
                state = BranchState.FORWARDED
            else:
                state = BranchState.RECOGNIZED
            states.append(
                BranchEvaluation(
                    program=program, branch=branch, state=state, meeting_date=now.date()
                )
            )
        BranchEvaluation.objects.bulk_create(states)
        # Branch 0 has 50 members, so it is evaluated on its groups' comments (IV.1 Step 3).
        GroupComment.objects.bulk_create(
            [
                GroupComment(
                    evaluation=e,
                    text="Nhóm nhận xét: hoàn thành tốt.",
                    author=school.users["secretary"],
                )
                for e in evaluations[:MEMBERS_PER_BRANCH]
            ]
        )
        benchlib.give_account(member_enrollment, school.users["member"])
    return {
        "base": school.base,
        "federation": school.federations[0],
        "forwarded_branches": branches[BRANCHES_PER_FEDERATION : 2 * BRANCHES_PER_FEDERATION],
        "branch": branches[0],
        "program": program,
        "users": school.users,
        "member_enrollment": member_enrollment,
        "cell_enrollment": enrollments[3],
    }


def run(world) -> None:
    from renluyen.evaluations import services

    measure = benchlib.measurer(world["users"])

    program, branch = world["program"], world["branch"]
    q = f"?program={program.pk}"
    print("pages (median of 5)")
    measure("branch table, 50 members", "secretary", "get", f"/evaluations/branch/{branch.pk}/{q}")
    cell = world["cell_enrollment"]
    item = services.rows_of(services.evaluation_of(cell))[0].item
    measure(
        "save one cell of the branch table",
        "secretary",
        "post",
        f"/evaluations/branch/{branch.pk}/cell/{q}",
        {"enrollment": cell.pk, "item": item.pk, "value": "7,5"},
    )
    # The cell changed a self-score: the branch says why (finalize requires it).
    services.reason_set(
        enrollment=cell, user=world["users"]["secretary"], text="Thiếu minh chứng cho 1.1."
    )
    enrollment = world["member_enrollment"]
    measure("member's self-evaluation page", "member", "get", f"/evaluations/{enrollment.pk}/self/")
    evaluation = services.evaluation_of(enrollment)
    data = {"action": "submit", "version": str(evaluation.version)}
    for row in services.rows_of(evaluation):
        data[f"score-{row.key}"] = "8,5"
        data[f"explanation-{row.key}"] = "Tham gia đầy đủ sinh hoạt và hoàn thành kế hoạch đề ra."
    measure(
        "member saves and submits 10 self-scores",
        "member",
        "post",
        f"/evaluations/{enrollment.pk}/self/",
        data,
        repeat=1,
        expect=302,
    )
    services.meeting_save(
        program=program,
        branch=branch,
        user=world["users"]["secretary"],
        meeting_date=program.evaluation_start,
        attendee_ids=[],
        minutes="Họp chi đoàn đánh giá cuối năm.",
    )
    measure(
        "finalize the 50-member branch",
        "secretary",
        "post",
        f"/evaluations/branch/{branch.pk}/finalize/{q}",
        {"accept_unevaluated": "1"},
        repeat=1,
        expect=302,
    )
    from renluyen.evaluations.models import BranchEvaluation, BranchState

    state = BranchEvaluation.objects.get(program=program, branch=branch).state
    if state != BranchState.FINALIZED:
        try:
            services.branch_finalize(
                program=program,
                branch=branch,
                user=world["users"]["secretary"],
                accept_unevaluated=True,
            )
        except Exception as error:  # noqa: BLE001 - said, then the bench stops
            raise SystemExit(f"finalize did not happen: {error}") from None
        raise SystemExit(f"finalize did not happen: the branch is {state}")
    measure(
        "results, base Union (300 branches)",
        "standing",
        "get",
        f"/evaluations/unit/{world['base'].pk}/{q}",
    )
    measure(
        "results, federation (30 branches)",
        "federation",
        "get",
        f"/evaluations/unit/{world['federation'].pk}/{q}",
    )
    ids = [b.pk for b in world["forwarded_branches"]]
    measure(
        f"recognize {len(ids)} branches in one action",
        "standing",
        "post",
        f"/evaluations/unit/{world['base'].pk}/decide/{q}",
        {"step": "recognize", "branch": ids},
        repeat=1,
        expect=302,
    )
    response = measure(
        "member-quality export, 15,000 members (.xlsx)",
        "standing",
        "get",
        f"/evaluations/unit/{world['base'].pk}/export.xlsx{q}",
        repeat=1,
    )
    size = len(response.content) if not hasattr(response, "streaming_content") else 0
    if size:
        print(f"  export size {size / 1024:.0f} KiB")


if __name__ == "__main__":
    raise SystemExit(benchlib.main("evaluation", build_world, run))
