"""Fetch objects for the current user through the policy: 404 when unseen, 403 when read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renluyen.core.policy import Action, can
from renluyen.organizations.models import Unit
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment, Program

_VIEW_ACTION = {
    Unit: Action.VIEW_UNIT,
    Member: Action.VIEW_MEMBER,
    Program: Action.VIEW_PROGRAM,
    Enrollment: Action.VIEW_REGISTRATION,
}


def _get(model, user, action: Action | None, queryset=None, **lookup):
    obj = get_object_or_404(queryset if queryset is not None else model, **lookup)
    if not can(user, _VIEW_ACTION[model], obj):
        raise Http404
    if action is not None and action != _VIEW_ACTION[model] and not can(user, action, obj):
        raise PermissionDenied
    return obj


def get_unit(user, pk: int, action: Action | None = None) -> Unit:
    return _get(Unit, user, action, pk=pk)


def get_member(user, pk: int, action: Action | None = None) -> Member:
    return _get(Member, user, action, Member.objects.select_related("branch"), pk=pk)


def get_program(user, pk: int, action: Action | None = None) -> Program:
    return _get(Program, user, action, Program.objects.select_related("unit"), pk=pk)


def get_enrollment(user, pk: int, action: Action | None = None) -> Enrollment:
    """A member's place in one program year, which their training form hangs on."""
    queryset = Enrollment.objects.select_related("program__unit", "member__user", "branch")
    return _get(Enrollment, user, action, queryset, pk=pk)
