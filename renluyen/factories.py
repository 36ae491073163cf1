"""Small factories that build test and demo data in code (no JSON fixtures)."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from renluyen.organizations.models import Level, RoleAssignment, Unit
from renluyen.people.models import Member, MemberType

_seq = itertools.count(1)


def unit(*, level=Level.BRANCH, parent=None, name=None, code=None, **extra) -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        level=level,
        parent=parent,
        name=name or f"Unit {n}",
        code=code or f"U{n:05d}",
        **extra,
    )


def user(username=None, *, password="pw-for-tests-123", **extra):
    n = next(_seq)
    return get_user_model().objects.create_user(
        username=username or f"user{n}", password=password, **extra
    )


def role(usr, unit_, role_) -> RoleAssignment:
    return RoleAssignment.objects.create(user=usr, unit=unit_, role=role_)


def member(*, branch, name=None, code=None, member_type=MemberType.STUDENT, **extra) -> Member:
    n = next(_seq)
    return Member.objects.create(
        branch=branch,
        full_name=name or f"Nguyễn Văn {n}",
        code=code or f"M{n:06d}",
        member_type=member_type,
        date_of_birth=extra.pop("date_of_birth", date(2002, 1, 1)),
        **extra,
    )


def tree():
    """upper > base > two federations > two branches each; returns a dict by short name."""
    upper = unit(level=Level.UPPER, name="Đoàn ĐHQGHN")
    base = unit(level=Level.BASE, parent=upper, name="Đoàn trường ĐH Kinh tế")
    fed_a = unit(level=Level.FEDERATION, parent=base, name="Liên chi đoàn A")
    fed_b = unit(level=Level.FEDERATION, parent=base, name="Liên chi đoàn B")
    return {
        "upper": upper,
        "base": base,
        "fed_a": fed_a,
        "fed_b": fed_b,
        "branch_a1": unit(parent=fed_a, name="Chi đoàn A1"),
        "branch_a2": unit(parent=fed_a, name="Chi đoàn A2"),
        "branch_b1": unit(parent=fed_b, name="Chi đoàn B1"),
    }
