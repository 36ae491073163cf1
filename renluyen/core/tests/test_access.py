"""Fetch helpers: 404 for what a user may not see, 403 for what they see but may not do."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from renluyen.core.access import get_member, get_unit
from renluyen.core.policy import Action


def test_it_returns_a_unit_the_user_may_see(matrix):
    unit = matrix.units["branch_a1"]
    assert get_unit(matrix.users["federation_committee"], unit.pk) == unit


def test_it_answers_404_for_a_unit_outside_the_users_reach(matrix):
    with pytest.raises(Http404):
        get_unit(matrix.users["federation_committee"], matrix.units["fed_b"].pk)


def test_it_answers_404_for_a_unit_that_does_not_exist(matrix):
    with pytest.raises(Http404):
        get_unit(matrix.users["standing_committee"], 987654)


def test_it_answers_403_for_an_action_on_a_unit_the_user_only_sees(matrix):
    with pytest.raises(PermissionDenied):
        get_unit(matrix.users["inspection"], matrix.units["branch_a1"].pk, Action.IMPORT_MEMBERS)
    unit = matrix.units["branch_a1"]
    assert get_unit(matrix.users["office"], unit.pk, Action.IMPORT_MEMBERS) == unit


def test_a_member_gets_their_own_record_and_404_for_a_neighbours(matrix):
    user = matrix.users["member"]
    assert get_member(user, matrix.members["own"].pk) == matrix.members["own"]
    with pytest.raises(Http404):
        get_member(user, matrix.members["branch_a1"].pk)
