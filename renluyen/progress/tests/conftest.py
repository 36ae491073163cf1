"""Fixtures of the progress log: a member of Chi đoàn A1 with a confirmed form in a program
whose six-monthly self-review window is open today, the branch's secretary, a mentor, a
supervisor of Liên chi đoàn A, and a member of Chi đoàn B1."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from renluyen import factories
from renluyen.organizations.models import Role
from renluyen.support.models import MentorKind, Mentorship


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    return settings.EVIDENCE_DIR


def jpeg(size=(64, 48), color=(200, 30, 30), extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue() + extra


def upload(data: bytes, name="anh.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def mid_year_program(unit, **extra):
    today = timezone.localdate()
    return factories.program(
        unit=unit,
        self_review_start=today - timedelta(days=3),
        self_review_end=today + timedelta(days=10),
        **extra,
    )


confirmed_member = factories.confirmed_member


@pytest.fixture
def year(org):
    program = mid_year_program(org["base"])
    secretary = factories.user("bithu_a1")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    secretary_b1 = factories.user("bithu_b1")
    factories.role(secretary_b1, org["branch_b1"], Role.BRANCH_SECRETARY)
    enrollment = confirmed_member(
        program, org["branch_a1"], secretary, name="Lê Thị Hoa", username="hoa"
    )
    peer = confirmed_member(program, org["branch_a1"], secretary, name="Trần Văn Bạn")
    other = confirmed_member(program, org["branch_b1"], secretary_b1, name="Đặng Văn Khác")
    mentor = factories.user("mentor")
    Mentorship.objects.create(enrollment=enrollment, mentor=mentor, kind=MentorKind.COMMITTEE)
    supervisor = factories.user("giamsat")
    factories.role(supervisor, org["fed_a"], Role.SUPERVISOR)
    federation = factories.user("lienchi")
    factories.role(federation, org["fed_a"], Role.FEDERATION_COMMITTEE)
    return SimpleNamespace(
        org=org,
        program=program,
        enrollment=enrollment,
        member=enrollment.member.user,
        peer=peer,
        other=other,
        secretary=secretary,
        secretary_b1=secretary_b1,
        mentor=mentor,
        supervisor=supervisor,
        federation=federation,
        outsider=factories.user("outsider"),
        items=list(enrollment.registration.items.filter(confirmed_at__isnull=False).order_by("pk")),
    )


def attended(year, item, title, unit="branch_a1"):
    """An activity today related to `item`'s criterion, which the member attended."""
    from renluyen.activities.models import Activity, Participation

    activity = Activity.objects.create(
        program=year.program,
        unit=year.org[unit],
        area=item.area,
        title=title,
        starts_on=timezone.localdate(),
    )
    activity.criteria.set([item.criterion])
    Participation.objects.create(
        activity=activity, enrollment=year.enrollment, attended_at=timezone.now()
    )
    return activity
