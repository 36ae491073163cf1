"""Who may see, edit and review a member's form: every role against forms in its own branch,
a sibling branch and another federation, and the member's own form."""

import pytest

from renluyen import factories
from renluyen.core.policy import Action, can
from renluyen.core.tests.matrix import REACH, ROLES
from renluyen.organizations.models import Role

FORMS = ["branch_a1", "branch_a2", "branch_b1", "own"]
BRANCH_ROLES = {"branch_secretary", "branch_deputy", "branch_committee"}


def expected(role_key: str, form: str, action: Action) -> bool:
    role, unit_key = ROLES[role_key]
    if form == "own":
        if role_key == "member":
            # Their own form: they see and edit it, and never review it.
            return action != Action.REVIEW_REGISTRATION
        form = "branch_a1"  # for everyone else, a form in Chi đoàn A1
    if role is None:
        return False
    in_reach = form in REACH[unit_key]
    if action == Action.VIEW_REGISTRATION:
        return in_reach
    # Editing (paper forms) and reviewing belong to that branch's committee only.
    return in_reach and role_key in BRANCH_ROLES


@pytest.fixture
def forms(matrix):
    program = factories.program(unit=matrix.units["base"])
    return {key: factories.enroll(program, matrix.members[key]) for key in FORMS}


@pytest.mark.parametrize(
    "action", [Action.VIEW_REGISTRATION, Action.EDIT_REGISTRATION, Action.REVIEW_REGISTRATION]
)
@pytest.mark.parametrize("role_key", list(ROLES))
@pytest.mark.parametrize("form", FORMS)
def test_matrix(matrix, forms, role_key, form, action):
    assert can(matrix.users[role_key], action, forms[form]) == expected(role_key, form, action)


def test_nobody_reviews_their_own_form(org):
    program = factories.program(unit=org["base"])
    secretary = factories.user()
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    own = factories.enroll(program, factories.member(branch=org["branch_a1"], user=secretary))
    assert can(secretary, Action.EDIT_REGISTRATION, own)
    assert not can(secretary, Action.REVIEW_REGISTRATION, own)


def test_the_branch_of_that_year_counts_not_the_current_one(org):
    program = factories.program(unit=org["base"])
    member = factories.member(branch=org["branch_a1"])
    enrollment = factories.enroll(program, member)
    member.branch = org["branch_b1"]
    member.save()
    secretary_b1 = factories.user()
    factories.role(secretary_b1, org["branch_b1"], Role.BRANCH_SECRETARY)
    secretary_a1 = factories.user()
    factories.role(secretary_a1, org["branch_a1"], Role.BRANCH_SECRETARY)
    enrollment.refresh_from_db()
    assert can(secretary_a1, Action.REVIEW_REGISTRATION, enrollment)
    assert not can(secretary_b1, Action.VIEW_REGISTRATION, enrollment)


def test_an_admin_may_do_everything(matrix, forms):
    admin = factories.user(is_superuser=True)
    assert all(
        can(admin, a, forms["branch_b1"])
        for a in (Action.VIEW_REGISTRATION, Action.REVIEW_REGISTRATION)
    )
