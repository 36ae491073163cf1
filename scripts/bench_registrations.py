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

The set-up, the school and the timing are scripts/benchlib.py's.
"""

import benchlib


def build_world():
    from django.db import transaction
    from django.utils import timezone

    from renluyen import factories
    from renluyen.registrations.models import Item, ItemKind, Registration, State

    with transaction.atomic():
        school = benchlib.build_school(lambda base: factories.program(unit=base))
        program, enrollments = school.program, school.enrollments
        # In every branch of 50: 10 not registered, 10 drafts, 20 submitted (40 in the
        # first branch, where the secretary confirms them), 10 confirmed.
        now = timezone.now()
        states = [None] * 10 + [State.DRAFT] * 10 + [State.SUBMITTED] * 20 + [State.CONFIRMED] * 10
        first_branch_states = [None] * 5 + [State.SUBMITTED] * 40 + [State.CONFIRMED] * 5
        registrations = []
        for n, enrollment in enumerate(enrollments):
            pattern = first_branch_states if n < benchlib.MEMBERS_PER_BRANCH else states
            state = pattern[n % benchlib.MEMBERS_PER_BRANCH]
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
        # The member account: a draft of 9 criteria in branch 1 (the 11th member).
        member_enrollment = enrollments[benchlib.MEMBERS_PER_BRANCH + 10]
        benchlib.give_account(member_enrollment, school.users["member"])
    return {
        "base": school.base,
        "federation": school.federations[0],
        "branch": school.branches[0],
        "program": program,
        "users": school.users,
        "member_enrollment": member_enrollment,
        "review_enrollment": enrollments[5],
        "drafts": drafts,
    }


def run(world) -> None:
    measure = benchlib.measurer(world["users"])

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

    seen = dict(
        Registration.objects.filter(enrollment__branch=branch, state="submitted").values_list(
            "enrollment_id", "version"
        )
    )
    ids = list(seen)
    # As the list posts them: the ticked boxes and the version of each form it showed.
    versions = {f"version-{pk}": version for pk, version in seen.items()}
    measure(
        f"confirm {len(ids)} forms in one action",
        "secretary",
        "post",
        f"/registrations/branch/{branch.pk}/{q}",
        {"enrollment": ids, "action": "confirm", **versions},
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
    raise SystemExit(benchlib.main("registration", build_world, run))
