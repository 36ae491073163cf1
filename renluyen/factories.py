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


def program(*, unit, status=None, **dates):
    """The seed's program under `unit` (a base Union), open, with every date counted from
    today so registration is open: registration due in 30 days, evaluation in 120."""
    from datetime import timedelta

    from django.utils import timezone

    from renluyen.programs.models import Program
    from renluyen.programs.services import program_load_2020

    today = timezone.localdate()
    values = {
        "registration_deadline": today + timedelta(days=30),
        "self_review_start": today + timedelta(days=60),
        "self_review_end": today + timedelta(days=90),
        "evaluation_start": today + timedelta(days=120),
        "evaluation_deadline": today + timedelta(days=150),
        "report_deadline": today + timedelta(days=160),
        **dates,
    }
    prog = program_load_2020(unit=unit)
    if status:
        values["status"] = status
    Program.objects.filter(pk=prog.pk).update(**values)
    prog.refresh_from_db()
    return prog


def enroll(program_, member_):
    """`member_` enrolled in their branch, whose stored figures are then refreshed, as
    the services that enroll members do (the new year's enrollment, imports)."""
    from renluyen.dashboards import rollups
    from renluyen.programs.models import Enrollment

    enrollment = Enrollment.objects.create(program=program_, member=member_, branch=member_.branch)
    rollups.refresh_branch(program=program_, branch=member_.branch)
    return enrollment


GOOD_SOLUTION = "Tham gia đầy đủ sinh hoạt chi đoàn và ghi chép lại mỗi tháng."


def drafts(program_, *, per_area=2, solution=GOOD_SOLUTION, member_type=MemberType.STUDENT):
    """A valid form: `per_area` catalog criteria (meant for `member_type`) in each area."""
    from django.db.models import Q

    from renluyen.registrations.models import ItemKind
    from renluyen.registrations.services import ItemDraft

    result = []
    for area in program_.areas.order_by("number"):
        criteria = area.criteria.filter(Q(member_type="") | Q(member_type=member_type))
        criteria = criteria.order_by("order")[:per_area]
        result += [
            ItemDraft(area=area, kind=ItemKind.CRITERION, criterion=c, solution=solution)
            for c in criteria
        ]
    return result


def registration(enrollment, *, user=None, per_area=2, submit=False, confirm_by=None):
    """A saved form for `enrollment` (valid by default), optionally submitted and confirmed."""
    from renluyen.registrations import services

    member_user = user or enrollment.member.user
    reg = services.registration_save(
        enrollment=enrollment,
        user=member_user,
        drafts=drafts(
            enrollment.program, per_area=per_area, member_type=enrollment.member.member_type
        ),
    )
    if submit or confirm_by:
        reg = services.registration_submit(registration=reg, user=member_user)
    if confirm_by:
        reg = services.registration_confirm(registration=reg, user=confirm_by)
    return reg


def confirmed_member(program_, branch, secretary, *, account=None, name=None, username=None):
    """A member of `branch` with an account (`account`, or a new one), enrolled in
    `program_` with a valid form confirmed by `secretary` (registration must be open)."""
    member_ = member(branch=branch, user=account or user(username), name=name)
    enrollment = enroll(program_, member_)
    registration(enrollment, confirm_by=secretary)
    enrollment.refresh_from_db()
    return enrollment


def open_evaluation(program_, *, days_left=30):
    """Move `program_`'s evaluation window so it is open today (registration long done)."""
    from datetime import timedelta

    from django.utils import timezone

    from renluyen.programs.models import Program

    today = timezone.localdate()
    Program.objects.filter(pk=program_.pk).update(
        evaluation_start=today - timedelta(days=1),
        evaluation_deadline=today + timedelta(days=days_left),
        report_deadline=today + timedelta(days=days_left + 10),
    )
    program_.refresh_from_db()
    return program_


def self_scores(enrollment, *, score=None, submit=True, explanation=GOOD_SOLUTION, accept_by=None):
    """The member's self-evaluation: every confirmed criterion at `score` (its maximum by
    default) with a real explanation; with `accept_by`, that committee member then
    accepts the self-scores as they stand (the branch's scores become the same)."""
    from renluyen.evaluations import services

    evaluation = services.evaluation_of(enrollment)
    entries = {
        row.key: services.SelfEntry(
            score=str(row.maximum if score is None else score), explanation=explanation
        )
        for row in services.rows_of(evaluation)
    }
    evaluation = services.self_save(
        enrollment=enrollment, user=enrollment.member.user, entries=entries, submit=submit
    )
    if accept_by is not None:
        evaluation, _rows = services.member_accept(enrollment=enrollment, user=accept_by)
    return evaluation


def finalize(program_, branch, secretary):
    """The branch records its evaluation meeting (today) and sends its results up, members
    not fully scored included (as Không hoàn thành)."""
    from django.utils import timezone

    from renluyen.evaluations import services

    services.meeting_save(
        program=program_,
        branch=branch,
        user=secretary,
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="",
    )
    return services.branch_finalize(
        program=program_, branch=branch, user=secretary, accept_unevaluated=True
    )
