"""A person assigned to follow a member (IV.1 Step 3) sees that member's form and may
comment on their progress, and nothing more; the assignment ends on its end date."""

from datetime import timedelta

from django.utils import timezone

from renluyen import factories
from renluyen.core.policy import Action, can
from renluyen.support.models import MentorKind, Mentorship


def test_a_peer_mentor_sees_and_comments_but_does_not_review(org, people):
    program = factories.program(unit=org["base"])
    mentee = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    other = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    peer = factories.user()
    factories.member(branch=org["branch_a1"], user=peer)
    Mentorship.objects.create(enrollment=mentee, mentor=peer, kind=MentorKind.PEER)
    assert can(peer, Action.VIEW_REGISTRATION, mentee)
    assert can(peer, Action.COMMENT_PROGRESS, mentee)
    assert not can(peer, Action.REVIEW_REGISTRATION, mentee)
    assert not can(peer, Action.EDIT_REGISTRATION, mentee)
    assert not can(peer, Action.EVALUATE, mentee)
    assert not can(peer, Action.VIEW_REGISTRATION, other)


def test_an_ended_assignment_gives_nothing(org):
    program = factories.program(unit=org["base"])
    mentee = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    mentor = factories.user()
    Mentorship.objects.create(
        enrollment=mentee,
        mentor=mentor,
        kind=MentorKind.COMMITTEE,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    assert not can(mentor, Action.VIEW_REGISTRATION, mentee)


def test_the_branch_committee_comments_on_progress_and_the_federation_only_looks(org, people):
    program = factories.program(unit=org["base"])
    enrollment = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    assert can(people["secretary_a1"], Action.COMMENT_PROGRESS, enrollment)
    assert not can(people["fed_a"], Action.COMMENT_PROGRESS, enrollment)
    assert can(people["fed_a"], Action.VIEW_REGISTRATION, enrollment)
