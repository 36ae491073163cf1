"""Every progress page over the roles of the authorization matrix: a role sees the members
of its own unit and the units below it (never a sibling or a parent) read-only, and only
the branch committee comments (core/tests/matrix.py). Mentors, outsiders and members of
the branch are in test_log_view.py and test_review.py."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.matrix import CASES, ROLES, sees, target_of
from renluyen.organizations.models import Level, Role
from renluyen.progress.models import Entry, SelfReview
from renluyen.progress.tests.conftest import mid_year_program
from renluyen.registrations.models import Item, ItemKind, Registration, State

COMMITTEE = {Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE}


def _confirmed_entry(program, enrollment):
    registration = Registration.objects.create(enrollment=enrollment, state=State.CONFIRMED)
    criterion = program.areas.get(number=1).criteria.first()
    item = Item.objects.create(
        registration=registration,
        area=criterion.area,
        kind=ItemKind.CRITERION,
        criterion=criterion,
        solution="Đọc báo mỗi sáng và chia sẻ tin hay với chi đoàn.",
        confirmed_at=timezone.now(),
    )
    review = SelfReview.objects.create(enrollment=enrollment, submitted_at=timezone.now())
    entry = Entry.objects.create(
        enrollment=enrollment, item=item, done_on=timezone.localdate(), text="Đã đọc báo."
    )
    return entry, review


@m.covers(
    "progress:log",
    "progress:review",
    "progress:entry_comment",
    "progress:entry_seen",
    "progress:entry_delete",
    "progress:entry_file",
    "progress:reply",
    "progress:branch",
)
def test_every_role_sees_its_reach_and_only_the_branch_committee_comments(matrix):
    program = mid_year_program(matrix.units["base"])
    made = {}
    for key, member in matrix.members.items():
        if key in ("upper", "base_2"):
            continue  # not in this base Union's program
        enrollment = factories.enroll(program, member)
        made[key] = (enrollment, *_confirmed_entry(program, enrollment))
    wrong = []
    for role_key, target in CASES:
        unit_key = target_of(role_key, target)
        if unit_key not in made:
            continue
        enrollment, entry, review = made[unit_key]
        client = Client()
        client.force_login(matrix.users[role_key])
        seen = sees(role_key, target)
        may_comment = seen and ROLES[role_key][0] in COMMITTEE
        # The plain member trains in Chi đoàn A1: its self-reviews are theirs to help with.
        peer = role_key == "member" and unit_key == "branch_a1"
        expected = {
            "log": 200 if seen else 404,
            "review": 200 if seen else 404,
            "comment": 302 if may_comment else (403 if seen else 404),
            "seen": 302 if may_comment else (403 if seen else 404),
            "reply": 302 if may_comment or peer else (403 if seen else 404),
            "add": 403 if seen else 404,
            # Only the member deletes their own entries; this one has no file.
            "delete": 403 if seen else 404,
            "file": 404,
        }
        got = {
            "log": client.get(reverse("progress:log", args=[enrollment.pk])).status_code,
            "review": client.get(reverse("progress:review", args=[enrollment.pk])).status_code,
            "comment": client.post(
                reverse("progress:entry_comment", args=[entry.pk]), {"text": "Tốt."}
            ).status_code,
            "seen": client.post(reverse("progress:entry_seen", args=[entry.pk])).status_code,
            "reply": client.post(
                reverse("progress:reply", args=[review.pk]), {"text": "Cố lên."}
            ).status_code,
            "add": client.post(
                reverse("progress:log", args=[enrollment.pk]), {"text": "x"}
            ).status_code,
            "delete": client.post(reverse("progress:entry_delete", args=[entry.pk])).status_code,
            "file": client.get(reverse("progress:entry_file", args=[entry.pk])).status_code,
        }
        unit = matrix.units[unit_key]
        if unit.level == Level.BRANCH:
            url = reverse("progress:branch", args=[unit.pk]) + f"?program={program.pk}"
            expected["branch"] = 200 if seen or peer else 404
            got["branch"] = client.get(url).status_code
        if got != expected:
            wrong.append((role_key, target, got, expected))
    assert wrong == []


def test_the_member_role_sees_only_their_own(matrix):
    program = mid_year_program(matrix.units["base"])
    own = factories.enroll(program, matrix.members["own"])
    neighbour = factories.enroll(program, matrix.members["branch_a1"])
    entry, _review = _confirmed_entry(program, own)
    client = Client()
    client.force_login(matrix.users["member"])
    assert client.get(reverse("progress:log", args=[own.pk])).status_code == 200
    assert client.get(reverse("progress:entry_file", args=[entry.pk])).status_code == 404  # no file
    assert client.get(reverse("progress:log", args=[neighbour.pk])).status_code == 404
    # A member of the branch sees the branch's summary of self-reviews.
    url = reverse("progress:branch", args=[matrix.units["branch_a1"].pk])
    assert client.get(f"{url}?program={program.pk}").status_code == 200
    other = reverse("progress:branch", args=[matrix.units["branch_a2"].pk])
    assert client.get(f"{other}?program={program.pk}").status_code == 404
