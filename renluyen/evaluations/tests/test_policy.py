"""Who may do which evaluation step, by role and unit (core.policy)."""

import pytest

from renluyen import factories
from renluyen.core.policy import Action, can
from renluyen.organizations.models import Level, Role


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("member", Action.SELF_EVALUATE, True),
        ("member", Action.EVALUATE, False),
        ("secretary_a1", Action.SELF_EVALUATE, False),
        ("secretary_a1", Action.EVALUATE, True),
        ("secretary_a1", Action.COMMENT_GROUP, True),
        ("secretary_b1", Action.EVALUATE, False),
        ("fed_a", Action.EVALUATE, False),
        ("fed_a", Action.VIEW_REGISTRATION, True),
        ("standing", Action.EVALUATE, False),
        ("office", Action.EVALUATE, False),
    ],
)
def test_who_scores_a_member(enrollment, people, who, action, allowed):
    user = enrollment.member.user if who == "member" else people[who]
    assert can(user, action, enrollment) is allowed


def test_nobody_scores_their_own_form(org, program, people):
    secretary = people["secretary_a1"]
    own = factories.enroll(program, factories.member(branch=org["branch_a1"], user=secretary))
    assert can(secretary, Action.SELF_EVALUATE, own)
    assert not can(secretary, Action.EVALUATE, own)


def test_a_sub_branch_committee_comments_only_on_its_group(org, enrollment, program):
    group = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Phân đoàn 1")
    leader = factories.user()
    factories.role(leader, group, Role.BRANCH_SECRETARY)
    assert not can(leader, Action.COMMENT_GROUP, enrollment)
    enrollment.group = group
    enrollment.save()
    assert can(leader, Action.COMMENT_GROUP, enrollment)
    assert not can(leader, Action.EVALUATE, enrollment)


@pytest.mark.parametrize(
    ("who", "unit", "action", "allowed"),
    [
        ("fed_a", "fed_a", Action.FORWARD_RESULTS, True),
        ("fed_a", "base", Action.RECOGNIZE_RESULTS, False),
        ("standing", "base", Action.RECOGNIZE_RESULTS, True),
        ("office", "base", Action.RECOGNIZE_RESULTS, False),
        ("secretary_a1", "fed_a", Action.FORWARD_RESULTS, False),
    ],
)
def test_who_acts_on_results_above_the_branch(org, people, who, unit, action, allowed):
    assert can(people[who], action, org[unit]) is allowed
