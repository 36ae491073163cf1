"""The program catalog cached per catalog stamp (programs.catalog): read once, and every
change to areas, criteria or activities seen by the very next request."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from renluyen import factories
from renluyen.activities.services import activity_create, activity_delete
from renluyen.core.tests.helpers import count_queries
from renluyen.organizations.models import Level
from renluyen.programs import catalog
from renluyen.programs.models import Criterion, Program
from renluyen.programs.services import criterion_create, criterion_update


@pytest.fixture
def member_user(org):
    return factories.user()


@pytest.fixture
def enrollment(org, member_user):
    program = factories.program(unit=org["base"])
    return factories.enroll(program, factories.member(branch=org["branch_a1"], user=member_user))


@pytest.fixture
def member_client(member_user):
    client = Client()
    client.force_login(member_user)
    return client


def form(client, enrollment) -> str:
    response = client.get(reverse("registrations:form", args=[enrollment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def first_criterion(program) -> Criterion:
    return Criterion.objects.filter(area__program=program, member_type="").order_by("pk").first()


def test_it_reads_the_catalog_once(member_client, enrollment):
    cold = count_queries(lambda: form(member_client, enrollment))
    warm = count_queries(lambda: form(member_client, enrollment))
    # Areas, criteria and activities: three queries the second view does without.
    assert warm == cold - 3


def test_an_edited_criterion_is_seen_by_the_next_request(member_client, enrollment, people):
    criterion = first_criterion(enrollment.program)
    assert criterion.text in form(member_client, enrollment)
    criterion_update(
        criterion=criterion,
        user=people["standing"],
        code=criterion.code,
        text="Đọc một cuốn sách mỗi tháng",
        member_type="",
        order=None,
    )
    page = form(member_client, enrollment)
    assert "Đọc một cuốn sách mỗi tháng" in page
    assert criterion.text not in page


def test_a_new_criterion_and_a_new_activity_are_seen_at_once(
    member_client, enrollment, people, org
):
    program = enrollment.program
    form(member_client, enrollment)
    area = program.areas.get(number=3)
    criterion_create(area=area, user=people["standing"], code="3.99", text="Tiêu chí mới")
    activity = activity_create(
        program=program,
        user=people["standing"],
        unit=org["branch_a1"],
        area=area,
        criteria=[],
        title="Ngày hội hiến máu",
        description="",
        starts_on=date(2020, 11, 20),
        ends_on=None,
    )
    page = form(member_client, enrollment)
    assert "Tiêu chí mới" in page
    assert "Ngày hội hiến máu" in page
    activity_delete(activity=activity, user=people["standing"])
    assert "Ngày hội hiến máu" not in form(member_client, enrollment)


def test_two_programs_do_not_mix(org):
    other_base = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường khác")
    one = factories.program(unit=org["base"])
    two = factories.program(unit=other_base)
    Criterion.objects.filter(pk=first_criterion(two).pk).update(text="Chỉ của trường khác")
    catalog.catalog_changed(two)
    texts_one = {c.text for c in catalog.program_catalog(one).criteria}
    texts_two = {c.text for c in catalog.program_catalog(two).criteria}
    assert "Chỉ của trường khác" in texts_two
    assert "Chỉ của trường khác" not in texts_one
    assert {a.program_id for a in catalog.program_catalog(one).areas} == {one.pk}
    assert {a.program_id for a in catalog.program_catalog(two).areas} == {two.pk}


def test_a_program_with_another_stamp_is_never_served_the_cached_catalog(org):
    # The same program id with another stamp is what a recreated database (tests, a
    # re-seeded demo) or a change made by another process looks like.
    program = factories.program(unit=org["base"])
    before = catalog.program_catalog(program)
    assert catalog.program_catalog(program) is before
    criterion = first_criterion(program)
    Criterion.objects.filter(pk=criterion.pk).update(text="Sửa ở nơi khác")
    same = Program.objects.get(pk=program.pk)
    assert catalog.program_catalog(same) is before
    changed = Program.objects.get(pk=program.pk)
    changed.catalog_stamp += 1
    texts = {c.text for c in catalog.program_catalog(changed).criteria}
    assert "Sửa ở nơi khác" in texts


def test_every_change_draws_a_new_stamp(org, people):
    program = factories.program(unit=org["base"])
    stamps = {program.catalog_stamp}
    area = program.areas.get(number=1)
    criterion = criterion_create(area=area, user=people["standing"], code="1.99", text="Mới")
    stamps.add(Program.objects.get(pk=program.pk).catalog_stamp)
    criterion_update(
        criterion=criterion,
        user=people["standing"],
        code="1.99",
        text="Mới hơn",
        member_type="",
        order=None,
    )
    stamps.add(Program.objects.get(pk=program.pk).catalog_stamp)
    assert len(stamps) == 3


def test_an_admin_edit_of_a_criterion_draws_a_new_stamp(org):
    program = factories.program(unit=org["base"])
    criterion = first_criterion(program)
    admin = factories.user(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    stamp = Program.objects.get(pk=program.pk).catalog_stamp
    response = client.post(
        reverse("admin:programs_criterion_change", args=[criterion.pk]),
        {
            "area": criterion.area_id,
            "code": criterion.code,
            "text": "Sửa trong trang quản trị",
            "member_type": "",
            "order": criterion.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Program.objects.get(pk=program.pk).catalog_stamp != stamp
    texts = {c.text for c in catalog.program_catalog(Program.objects.get(pk=program.pk)).criteria}
    assert "Sửa trong trang quản trị" in texts


def test_a_branch_is_offered_what_available_to_gives_in_the_same_order(enrollment, people, org):
    from renluyen.activities.services import available_to

    program = enrollment.program
    area = program.areas.get(number=2)
    made = [
        (org["branch_a1"], date(2020, 12, 1), "Dọn vệ sinh"),
        (org["fed_a"], date(2020, 11, 1), "Hiến máu"),
        (org["base"], date(2020, 11, 1), "Chạy bộ"),
        (org["branch_b1"], date(2020, 10, 1), "Của chi đoàn khác"),
        (org["base"], date(2020, 12, 1), "Áo xanh"),
    ]
    for unit, day, title in made:
        activity_create(
            program=program,
            user=people["standing"],
            unit=unit,
            area=area,
            criteria=[],
            title=title,
            description="",
            starts_on=day,
            ends_on=None,
        )
    program.refresh_from_db()
    offered = catalog.program_catalog(program).activities_for(enrollment.branch)
    assert [a.pk for a in offered] == [
        a.pk for a in available_to(enrollment).order_by("starts_on", "title")
    ]
    assert "Của chi đoàn khác" not in {a.title for a in offered}
