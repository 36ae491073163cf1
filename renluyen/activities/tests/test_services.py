"""The activity catalog services: who sees what, the rules of an activity, create, update,
delete, and the audit trail."""

from datetime import date

import pytest

from renluyen import factories
from renluyen.activities import services
from renluyen.activities.models import Activity
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.organizations.models import Level
from renluyen.programs.models import Criterion, ProgramStatus
from renluyen.registrations import services as registrations
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft


def values(program, unit, **changes):
    area = program.areas.get(number=3)
    base = {
        "unit": unit,
        "area": area,
        "criteria": list(Criterion.objects.filter(area=area, code__in=["3.1", "3.2"])),
        "title": "Hội thảo khởi nghiệp",
        "description": "Tại hội trường A",
        "starts_on": date(2020, 11, 2),
        "ends_on": date(2020, 11, 4),
    }
    return {**base, **changes}


def put_on_a_form(user, activity):
    """Let the member with account `user` register `activity`."""
    enrollment = user.member.enrollments.get()
    drafts = factories.drafts(activity.program) + [
        ItemDraft(area=activity.area, kind=ItemKind.ACTIVITY, activity=activity, solution="Dự đủ")
    ]
    registrations.registration_save(enrollment=enrollment, user=user, drafts=drafts)


def test_a_federation_activity_reaches_the_members_of_its_branches(
    org, program, people, member_user
):
    activity = services.activity_create(
        program=program, user=people["fed_a"], **values(program, org["fed_a"])
    )
    enrollment = member_user.member.enrollments.get()
    assert list(services.available_to(enrollment)) == [activity]
    other = factories.enroll(program, factories.member(branch=org["branch_b1"]))
    assert list(services.available_to(other)) == []

    activity.refresh_from_db()
    assert (activity.title, activity.created_by) == ("Hội thảo khởi nghiệp", people["fed_a"])
    assert sorted(activity.criteria.values_list("code", flat=True)) == ["3.1", "3.2"]
    event = Event.objects.get(verb="activity.create")
    assert (event.actor, event.unit, event.object_id) == (
        people["fed_a"],
        org["fed_a"],
        str(activity.pk),
    )
    assert event.data["criteria"] == ["3.1", "3.2"]
    assert event.data["starts_on"] == "2020-11-02"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "   "}, "Hãy nhập tên hoạt động."),
        ({"ends_on": date(2020, 11, 1)}, "Ngày kết thúc không được trước ngày bắt đầu."),
        (
            {"starts_on": date(2022, 1, 5), "ends_on": None},
            "Hãy chọn một ngày thuộc năm học 2020-2021 (trong năm 2020 hoặc 2021).",
        ),
    ],
)
def test_it_refuses_an_invalid_activity(org, program, people, changes, message):
    with pytest.raises(DomainError) as error:
        services.activity_create(
            program=program, user=people["fed_a"], **values(program, org["fed_a"], **changes)
        )
    assert str(error.value.message) == message
    assert not Activity.objects.exists()
    assert not Event.objects.filter(verb="activity.create").exists()


def test_area_criteria_and_unit_must_belong_to_the_program(org, program, people):
    other_base = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường khác")
    other = factories.program(unit=other_base)
    problems = services.activity_problems(
        program=program,
        unit=other_base,
        area=other.areas.get(number=1),
        criteria=list(Criterion.objects.filter(area__program=other)[:1]),
        title="Tập huấn",
        starts_on=date(2020, 12, 1),
        ends_on=None,
    )
    assert problems == [
        ("area", "Hãy chọn một nội dung của chương trình này."),
        ("criteria", "Hãy chọn tiêu chí thuộc chương trình này."),
        ("unit", "Hãy chọn một đơn vị thuộc Đoàn cơ sở của chương trình này hoặc Đoàn cấp trên."),
    ]


def test_the_upper_level_union_may_organise_but_a_sub_branch_may_not(org, program):
    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"])
    assert services.activity_problems(**_rules(program, org["upper"])) == []
    assert [field for field, _m in services.activity_problems(**_rules(program, sub))] == ["unit"]


def _rules(program, unit):
    return {
        "program": program,
        "unit": unit,
        "area": program.areas.get(number=1),
        "criteria": [],
        "title": "Tập huấn",
        "starts_on": date(2021, 3, 26),
        "ends_on": None,
    }


def test_a_closed_programs_catalog_is_fixed(org, program, people, make_activity):
    activity = make_activity(org["fed_a"])
    program.status = ProgramStatus.CLOSED
    program.save()
    message = "Chương trình đã đóng; danh mục hoạt động không thể thay đổi nữa."
    with pytest.raises(DomainError, match=message):
        services.activity_create(
            program=program, user=people["fed_a"], **values(program, org["fed_a"])
        )
    with pytest.raises(DomainError, match=message):
        services.activity_delete(activity=activity, user=people["fed_a"])


def test_an_update_records_what_changed(org, program, people, make_activity):
    activity = make_activity(org["fed_a"], title="Cũ")
    services.activity_update(
        activity=activity, user=people["fed_a"], **values(program, org["fed_a"], title="Mới")
    )
    activity.refresh_from_db()
    assert activity.title == "Mới"
    assert sorted(activity.criteria.values_list("code", flat=True)) == ["3.1", "3.2"]
    changes = Event.objects.get(verb="activity.update").data["changes"]
    assert changes["title"] == ["Cũ", "Mới"]
    assert changes["criteria"] == [[], ["3.1", "3.2"]]


def test_an_activity_on_a_form_keeps_its_area_and_unit(
    org, program, people, make_activity, member_user
):
    activity = make_activity(org["fed_a"])
    put_on_a_form(member_user, activity)
    changed = values(program, org["fed_a"], area=program.areas.get(number=1), criteria=[])
    with pytest.raises(DomainError) as error:
        services.activity_update(activity=activity, user=people["fed_a"], **changed)
    assert str(error.value.message) == (
        "1 đoàn viên đã đăng ký hoạt động này trong phiếu nên không thể đổi nội dung rèn "
        "luyện và đơn vị tổ chức."
    )
    # Its title and dates may still change.
    services.activity_update(
        activity=activity, user=people["fed_a"], **values(program, org["fed_a"], title="Mới")
    )
    activity.refresh_from_db()
    assert activity.title == "Mới"


def test_an_activity_on_a_form_cannot_be_deleted(org, program, people, make_activity, member_user):
    activity = make_activity(org["fed_a"])
    put_on_a_form(member_user, activity)
    with pytest.raises(DomainError) as error:
        services.activity_delete(activity=activity, user=people["fed_a"])
    assert str(error.value.message) == (
        "1 đoàn viên đã đăng ký hoạt động này trong phiếu nên không thể xóa. Hãy sửa hoạt "
        "động thay vì xóa."
    )
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert not Event.objects.filter(verb="activity.delete").exists()


def test_an_unused_activity_is_deleted_and_recorded(org, people, make_activity):
    activity = make_activity(org["fed_a"], title="Văn nghệ")
    services.activity_delete(activity=activity, user=people["fed_a"])
    assert not Activity.objects.exists()
    event = Event.objects.get(verb="activity.delete")
    assert (event.actor, event.data["title"]) == (people["fed_a"], "Văn nghệ")


def test_who_sees_which_activities(org, program, people, member_user, make_activity):
    made = {
        key: make_activity(org[key], title=key)
        for key in ["upper", "base", "fed_a", "fed_b", "branch_a1", "branch_a2", "branch_b1"]
    }

    def seen(user):
        return sorted(a.title for a in services.visible_to(user, program))

    # A member: their branch and every unit above it (what their form may take).
    assert seen(member_user) == ["base", "branch_a1", "fed_a", "upper"]
    # A branch secretary: their branch and above; never a sibling branch.
    assert seen(people["secretary_b1"]) == ["base", "branch_b1", "fed_b", "upper"]
    # A federation: its branches and above.
    assert seen(people["fed_a"]) == ["base", "branch_a1", "branch_a2", "fed_a", "upper"]
    assert seen(people["standing"]) == sorted(made)


def test_organising_units_are_those_the_user_manages(org, program, people, member_user):
    def units(user):
        return [u.name for u in services.organising_units(user, program)]

    assert units(member_user) == []
    assert units(people["secretary_b1"]) == ["Chi đoàn B1"]
    assert units(people["fed_a"]) == ["Liên chi đoàn A", "Chi đoàn A1", "Chi đoàn A2"]
    assert units(people["office"]) == []  # the office imports members, not activities
    assert len(units(people["standing"])) == 6  # the base Union and everything in it
