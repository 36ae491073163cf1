"""Every support page for every kind of person (issue 11: member, mentor, committee,
federation, supervisor, outsider): 404 for what they may not see, 403 for what they see
but may not do (core.access), and what each may do works. Built on the authorization
matrix (core/tests/matrix.py): Chi đoàn A1 in Liên chi đoàn A in the base Union."""

import pytest
from django.test import Client
from django.urls import reverse

from renluyen import factories
from renluyen.support import commendation, services
from renluyen.support.models import Guidance, HelpRequest, MentorKind, Mentorship
from renluyen.support.tests.conftest import mid_year

PEOPLE = [
    "member",  # Ngô Minh Đức, a member of Chi đoàn A1 (no role)
    "mentor",  # follows Hoàng Thị Một of A1; no role, no member record
    "branch_secretary",
    "branch_committee",
    "federation_committee",  # Liên chi đoàn A
    "supervisor",  # school committee member in charge of Liên chi đoàn A
    "standing_committee",  # the base Union
    "outsider",  # an account with no role and no member record
    "sibling",  # the secretary of Chi đoàn A2, beside A1
]


@pytest.fixture
def world(matrix):
    units, users = matrix.units, dict(matrix.users)
    program = factories.program(unit=units["base"])
    secretary = users["branch_secretary"]
    own = factories.enroll(program, matrix.members["own"])
    factories.registration(own, confirm_by=secretary)
    followed_user = factories.user()
    matrix.members["branch_a1"].user = followed_user
    matrix.members["branch_a1"].save()
    followed = factories.enroll(program, matrix.members["branch_a1"])
    factories.registration(followed, confirm_by=secretary)
    mid_year(program)
    users["mentor"] = factories.user("mentor")
    Mentorship.objects.create(enrollment=followed, mentor=users["mentor"], kind=MentorKind.PEER)
    users["outsider"] = factories.user("outsider")
    users["sibling"] = factories.user("sibling")
    factories.role(users["sibling"], units["branch_a2"], "branch_secretary")
    help_request = services.help_ask(enrollment=own, user=users["member"], text="Giúp em.")
    guidance = services.guidance_add(
        program=program, unit=units["branch_a1"], user=users["supervisor"], text="Nhắc."
    )
    title = commendation.title_save(
        program=program,
        user=users["standing_committee"],
        name="T",
        criteria="",
        min_level="",
        activity_ids=[],
    )
    return {
        "units": units,
        "users": users,
        "program": program,
        "own": own,
        "followed": followed,
        "help": help_request,
        "guidance": guidance,
        "title": title,
    }


def status(world, who, method, url, data=None):
    client = Client()
    client.force_login(world["users"][who])
    return getattr(client, method)(url, data or {}).status_code


def expect(world, method, url, allowed: dict, data=None, default=404, others=None):
    """Each person's answer to one request; `others` gives a person other data (a
    second writer must send what the first left, or be refused as on a stale page)."""
    others = others or {}
    got = {who: status(world, who, method, url, others.get(who, data)) for who in PEOPLE}
    want = {who: allowed.get(who, default) for who in PEOPLE}
    assert got == want


def on(world, name, unit_key, *args):
    unit = world["units"][unit_key]
    return f"{reverse(f'support:{name}', args=[unit.pk, *args])}?program={world['program'].pk}"


# Who sees Chi đoàn A1's pages, read-only unless said otherwise.
SEE_A1 = {
    "branch_secretary": 200,
    "branch_committee": 200,
    "federation_committee": 200,
    "supervisor": 200,
    "standing_committee": 200,
}
# Who sees them and may not write there.
READ_ONLY_A1 = {"federation_committee": 403, "supervisor": 403, "standing_committee": 403}
COMMITTEE_WRITES = {"branch_secretary": 302, "branch_committee": 302, **READ_ONLY_A1}


@pytest.mark.parametrize(
    "name", ["unit", "registration_meeting", "checkins", "mentors", "commendation_branch"]
)
def test_the_branch_pages_open_for_the_branch_and_the_units_above_it(world, name):
    expect(world, "get", on(world, name, "branch_a1"), SEE_A1)


def test_the_round_page(world):
    expect(world, "get", on(world, "checkin_round", "branch_a1", 1), SEE_A1)
    followed, own = world["followed"].pk, world["own"].pk
    data = {f"progress-{followed}": "Tốt", f"version-{followed}": "0"}
    second = {f"progress-{own}": "Tốt", f"version-{own}": "0"}
    url = on(world, "checkin_round", "branch_a1", 1)
    expect(world, "post", url, COMMITTEE_WRITES, data, others={"branch_committee": second})


def test_the_committee_records_the_meeting_chooses_the_plan_and_assigns_mentors(world):
    meeting = {"meeting_date": "", "minutes": "Biên bản", "version": "0"}
    expect(
        world,
        "post",
        on(world, "registration_meeting", "branch_a1"),
        COMMITTEE_WRITES,
        meeting,
        others={"branch_committee": {**meeting, "version": "1"}},
    )
    plan = {"frequency": "monthly"}
    expect(world, "post", on(world, "checkins", "branch_a1"), COMMITTEE_WRITES, plan)
    assign = {"enrollment": world["own"].pk, "mentor": world["users"]["branch_committee"].pk}
    expect(world, "post", on(world, "mentors", "branch_a1"), COMMITTEE_WRITES, assign)


def test_the_branch_proposes_for_commendation(world):
    data = {"title": world["title"].pk, "enrollment": world["own"].pk, "reason": "Tốt"}
    expect(world, "post", on(world, "commendation_branch", "branch_a1"), COMMITTEE_WRITES, data)


def test_guidance_is_left_by_supervisors_and_the_standing_committee(world):
    data = {"text": "Hướng dẫn thêm."}
    allowed = {
        "branch_secretary": 403,
        "branch_committee": 403,
        "federation_committee": 403,
        "supervisor": 302,
        "standing_committee": 302,
    }
    expect(world, "post", on(world, "unit", "branch_a1"), allowed, data)
    assert Guidance.objects.count() == 3


def test_the_branch_committee_acknowledges_its_guidance(world):
    url = reverse("support:acknowledge", args=[world["guidance"].pk])
    # The first acknowledges; the second is told it was done (a message, still 302).
    expect(world, "post", url, {**READ_ONLY_A1, "branch_secretary": 302, "branch_committee": 302})


def test_the_federation_summary_and_its_commendation_list(world):
    seen = {"federation_committee": 200, "supervisor": 200, "standing_committee": 200}
    expect(world, "get", on(world, "unit", "fed_a"), seen)
    expect(world, "get", on(world, "commendation_unit", "fed_a"), seen)
    # A branch has no list of proposals from below.
    expect(world, "get", on(world, "commendation_unit", "branch_a1"), {})


def test_the_titles_are_read_by_everyone_in_the_base_union_and_set_by_its_standing_committee(
    world,
):
    program, title = world["program"], world["title"]
    everyone = {who: 200 for who in PEOPLE if who not in ("mentor", "outsider")}
    expect(world, "get", reverse("support:titles", args=[program.pk]), everyone)
    writes = {who: 403 for who in everyone} | {"standing_committee": 302}
    expect(world, "post", reverse("support:titles", args=[program.pk]), writes, {"name": "Mới"})
    edit = reverse("support:title_edit", args=[program.pk, title.pk])
    expect(world, "get", edit, {who: 403 for who in everyone} | {"standing_committee": 200})


def test_the_members_page_and_the_mentors_page(world):
    expect(world, "get", reverse("support:mine"), {"member": 200})
    expect(world, "get", reverse("support:mentees"), {who: 200 for who in PEOPLE}, default=200)
    ask = {"enrollment": world["own"].pk, "text": "Giúp em thêm."}
    expect(world, "post", reverse("support:mine"), {"member": 302}, ask)
    assert HelpRequest.objects.count() == 2


def test_a_help_request_is_read_by_those_who_see_the_member_and_answered_by_the_committee(world):
    url = reverse("support:help_detail", args=[world["help"].pk])
    expect(world, "get", url, {**SEE_A1, "member": 200})
    # The mentor follows another member: this request is not theirs to see.
    data = {"text": "Trả lời.", "version": "0"}
    writes = {**COMMITTEE_WRITES, "member": 302}
    expect(world, "post", url, writes, data)


def test_a_mentor_sees_and_answers_their_mentees_requests(world):
    followed = world["followed"]
    request = services.help_ask(enrollment=followed, user=followed.member.user, text="Giúp em.")
    url = reverse("support:help_detail", args=[request.pk])
    expect(world, "get", url, {**SEE_A1, "mentor": 200})
    assert status(world, "mentor", "post", url, {"text": "Được.", "version": "0"}) == 302
    form = reverse("registrations:form", args=[followed.pk])
    assert status(world, "mentor", "get", form) == 200
    assert (
        status(world, "mentor", "get", reverse("registrations:form", args=[world["own"].pk])) == 404
    )
