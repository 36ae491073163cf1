"""Fixtures for support during the year: a program in the middle of its year (registration
closed 50 days ago, the evaluation in 140 days) and members with confirmed forms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renluyen import factories
from renluyen.programs.models import Program
from renluyen.support.demo import mid_year_dates


def mid_year(program, today=None):
    """Move `program`'s dates to the middle of its year (forms are made before: they can
    be sent only while registration is open)."""
    Program.objects.filter(pk=program.pk).update(**mid_year_dates(today or timezone.localdate()))
    program.refresh_from_db()
    return program


confirmed_member = factories.confirmed_member


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def a1(org, people, program):
    """Three members of Chi đoàn A1 with confirmed forms, then the year moved to its
    middle. Returns their enrollments."""
    enrollments = [
        confirmed_member(program, org["branch_a1"], people["secretary_a1"], name=name)
        for name in ("Lê Thị An", "Phạm Văn Bình", "Trần Thị Châu")
    ]
    mid_year(program)
    return enrollments


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def record_round(program, branch, user, number, enrollments, *, held_on=None, progress="Tốt."):
    """The same exchange with each of `enrollments` in round `number` (services.checkins_record)."""
    from renluyen.support import services

    return services.checkins_record(
        program=program,
        branch=branch,
        user=user,
        round_number=number,
        held_on=held_on,
        entries={e.pk: services.CheckinEntry(progress) for e in enrollments},
    )
