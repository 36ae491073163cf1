"""Adding and editing an activity."""

from django.urls import reverse

from renluyen.activities.models import Activity
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.programs.models import Criterion
from renluyen.registrations import services as registrations
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft


def create_url(program):
    return f"{reverse('activities:create')}?program={program.pk}"


def edit_url(activity):
    return reverse("activities:edit", args=[activity.pk])


def post_data(program, unit, **changes):
    area = program.areas.get(number=4)
    criterion = Criterion.objects.get(area=area, code="4.2")
    data = {
        "title": "Giải bóng đá sinh viên",
        "description": "Sân vận động trường",
        "unit": unit.pk,
        "area": area.pk,
        "criteria": [criterion.pk],
        "starts_on": "15/03/2021",
        "ends_on": "20/03/2021",
    }
    return {**data, **changes}


def test_a_federation_committee_adds_an_activity_its_branches_see(
    org, program, people, member_user, client_for
):
    response = client_for(people["fed_a"]).post(
        create_url(program), post_data(program, org["fed_a"])
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('activities:list')}?program={program.pk}"
    activity = Activity.objects.get()
    assert (activity.title, activity.unit, activity.starts_on.isoformat()) == (
        "Giải bóng đá sinh viên",
        org["fed_a"],
        "2021-03-15",
    )
    assert list(activity.criteria.values_list("code", flat=True)) == ["4.2"]
    assert Event.objects.filter(verb="activity.create", actor=people["fed_a"]).exists()
    page = text(client_for(member_user).get(response["Location"]))
    assert "Giải bóng đá sinh viên" in page


def test_the_form_offers_only_the_units_the_user_manages(org, program, people, client_for):
    form = client_for(people["secretary_b1"]).get(create_url(program)).context["form"]
    assert list(form.fields["unit"].queryset) == [org["branch_b1"]]
    response = client_for(people["secretary_b1"]).post(
        create_url(program), post_data(program, org["branch_a1"])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert not Activity.objects.exists()


def test_a_member_cannot_add_activities(program, member_user, client_for):
    assert client_for(member_user).get(create_url(program)).status_code == 403
    assert client_for(member_user).post(create_url(program), {}).status_code == 403


def test_errors_show_next_to_their_fields(org, program, people, client_for):
    response = client_for(people["fed_a"]).post(
        create_url(program),
        post_data(program, org["fed_a"], title=" ", starts_on="15/03/2021", ends_on="01/03/2021"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Trường này là bắt buộc."]
    assert errors["ends_on"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    page = text(response)
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page
    assert 'value="Sân vận động trường"' not in page  # a textarea keeps it as its content
    assert "Sân vận động trường</textarea>" in page
    assert not Activity.objects.exists()


def test_a_date_outside_the_school_year_is_refused(org, program, people, client_for):
    response = client_for(people["fed_a"]).post(
        create_url(program), post_data(program, org["fed_a"], starts_on="02/01/2023", ends_on="")
    )
    assert response.context["form"].errors["starts_on"] == [
        "Hãy chọn một ngày thuộc năm học 2020-2021 (trong năm 2020 hoặc 2021)."
    ]


def test_a_secretary_edits_the_branchs_activity(org, program, people, make_activity, client_for):
    activity = make_activity(org["branch_b1"], title="Cũ")
    client = client_for(people["secretary_b1"])
    assert client.get(edit_url(activity)).context["form"]["title"].value() == "Cũ"
    response = client.post(edit_url(activity), post_data(program, org["branch_b1"], title="Mới"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Mới"
    assert Event.objects.get(verb="activity.update").data["changes"]["title"] == ["Cũ", "Mới"]


def test_the_committee_of_another_branch_gets_404(
    org, program, make_activity, committee_b1, client_for
):
    activity = make_activity(org["branch_a1"])
    client = client_for(committee_b1)
    assert client.get(edit_url(activity)).status_code == 404
    response = client.post(edit_url(activity), post_data(program, org["branch_a1"], title="X"))
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Hiến máu nhân đạo"


def test_a_branch_sees_but_cannot_edit_an_activity_from_above(
    org, program, people, make_activity, client_for
):
    activity = make_activity(org["fed_b"])
    assert client_for(people["secretary_b1"]).get(edit_url(activity)).status_code == 403


def test_an_activity_on_a_form_keeps_its_area_and_unit(
    org, program, people, make_activity, member_user, client_for
):
    activity = make_activity(org["fed_a"], area_number=4)
    enrollment = member_user.member.enrollments.get()
    drafts = [
        ItemDraft(area=activity.area, kind=ItemKind.ACTIVITY, activity=activity, solution="Dự")
    ]
    registrations.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)
    client = client_for(people["fed_a"])
    page = text(client.get(edit_url(activity)))
    assert "Không thể đổi: 1 đoàn viên đã đăng ký hoạt động này trong phiếu." in page
    # A posted change of area is ignored: the field is fixed.
    other_area = program.areas.get(number=1)
    client.post(
        edit_url(activity),
        post_data(program, org["branch_a1"], area=other_area.pk, title="Mới", criteria=[]),
    )
    activity.refresh_from_db()
    assert (activity.title, activity.area.number, activity.unit) == ("Mới", 4, org["fed_a"])
