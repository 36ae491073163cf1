"""Mentors (seed IV.1 Step 3): the committee assigns committee members to follow members,
or pairs members to help each other; a mentor sees their mentees' form and check-ins."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, can
from renluyen.core.tests.helpers import text
from renluyen.support import services
from renluyen.support.models import MentorKind, Mentorship
from renluyen.support.tests.conftest import confirmed_member, mid_year


def url(branch, program):
    return f"{reverse('support:mentors', args=[branch.pk])}?program={program.pk}"


@pytest.fixture
def pair(org, people, program):
    """Two members of A1 with accounts and confirmed forms, and a committee member."""
    secretary = people["secretary_a1"]
    one = confirmed_member(program, org["branch_a1"], secretary, name="Vũ Thị Một")
    two = confirmed_member(program, org["branch_a1"], secretary, name="Đỗ Văn Hai")
    mid_year(program)
    committee = factories.user(first_name="Uyên", last_name="Bùi Thị")
    factories.role(committee, org["branch_a1"], "branch_committee")
    return one, two, committee


def test_the_secretary_assigns_a_committee_member_who_then_sees_the_form(
    org, people, program, pair, client_for
):
    one, _two, committee = pair
    client = client_for(people["secretary_a1"])
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Bùi Thị Uyên" in page and "0/2 đoàn viên có người theo dõi." in page
    client.post(url(org["branch_a1"], program), {"enrollment": one.pk, "mentor": committee.pk})
    mentorship = Mentorship.objects.get()
    assert (mentorship.enrollment, mentorship.kind) == (one, MentorKind.COMMITTEE)
    page = text(client.get(url(org["branch_a1"], program)))
    assert "1/2 đoàn viên có người theo dõi." in page
    assert "Ủy viên BCH theo dõi đoàn viên" in page
    form = client_for(committee).get(reverse("registrations:form", args=[one.pk]))
    assert form.status_code == 200
    mentees = text(client_for(committee).get(reverse("support:mentees")))
    assert "Vũ Thị Một" in mentees and "Đỗ Văn Hai" not in mentees


def test_two_members_are_paired_and_each_follows_the_other(org, people, program, pair, client_for):
    one, two, _committee = pair
    client_for(people["secretary_a1"]).post(
        url(org["branch_a1"], program),
        {"enrollment": one.pk, "mentor": two.member.user_id, "mutual": "1"},
    )
    assert set(Mentorship.objects.values_list("enrollment", "mentor", "kind")) == {
        (one.pk, two.member.user_id, MentorKind.PEER),
        (two.pk, one.member.user_id, MentorKind.PEER),
    }
    assert can(two.member.user, Action.VIEW_REGISTRATION, one)
    assert not can(two.member.user, Action.REVIEW_REGISTRATION, one)


def test_refused_assignments(org, people, program, pair):
    one, _two, committee = pair
    secretary = people["secretary_a1"]
    with pytest.raises(DomainError, match="không thể tự theo dõi"):
        services.mentorship_assign(enrollment=one, mentor=one.member.user, user=secretary)
    stranger = factories.user()
    with pytest.raises(DomainError, match="ủy viên Ban Chấp hành hoặc một đoàn viên"):
        services.mentorship_assign(enrollment=one, mentor=stranger, user=secretary)
    b1 = factories.user()
    factories.member(branch=org["branch_b1"], user=b1)
    with pytest.raises(DomainError, match="ủy viên Ban Chấp hành hoặc một đoàn viên"):
        services.mentorship_assign(enrollment=one, mentor=b1, user=secretary)
    services.mentorship_assign(enrollment=one, mentor=committee, user=secretary)
    with pytest.raises(DomainError, match="đã theo dõi"):
        services.mentorship_assign(enrollment=one, mentor=committee, user=secretary)


def test_ending_an_assignment_takes_the_form_away_from_the_mentor(
    org, people, program, pair, client_for
):
    one, _two, committee = pair
    mentorship = services.mentorship_assign(
        enrollment=one, mentor=committee, user=people["secretary_a1"]
    )
    outsider = factories.user()
    factories.member(branch=org["branch_a2"], user=outsider)
    peer = services.mentorship_assign(
        enrollment=one, mentor=pair[1].member.user, user=people["secretary_a1"]
    )
    client = client_for(people["secretary_a1"])
    assert client.post(url(org["branch_a1"], program), {"end": peer.pk}).status_code == 302
    peer_user = pair[1].member.user
    peer_user._renluyen_mentees = None
    assert not can(peer_user, Action.VIEW_REGISTRATION, one)
    assert can(committee, Action.VIEW_REGISTRATION, mentorship.enrollment)


def test_only_the_branch_committee_assigns(org, people, program, pair, client_for):
    one, _two, committee = pair
    post = {"enrollment": one.pk, "mentor": committee.pk}
    assert client_for(people["fed_a"]).post(url(org["branch_a1"], program), post).status_code == 403
    member = client_for(one.member.user)
    assert member.post(url(org["branch_a1"], program), post).status_code == 404
    assert not Mentorship.objects.exists()
