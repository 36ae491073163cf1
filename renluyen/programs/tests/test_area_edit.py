"""Adding and editing a content area."""

from decimal import Decimal

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Area


def create_url(program):
    return reverse("programs:area_create", args=[program.pk])


def edit_url(area):
    return reverse("programs:area_edit", args=[area.program_id, area.pk])


def test_it_adds_an_area_to_a_draft(draft, people, client_for):
    client = client_for(people["standing"])
    page = client.get(create_url(draft))
    assert page.context["form"]["number"].value() == 6

    response = client.post(
        create_url(draft),
        {"number": 6, "title": "Kỹ năng số", "description": "Chuyển đổi số.", "points": "10"},
    )

    area = Area.objects.get(program=draft, number=6)
    assert response.status_code == 302
    assert response["Location"].endswith("#area-6")
    assert (area.title, area.description, area.points) == (
        "Kỹ năng số",
        "Chuyển đổi số.",
        Decimal("10"),
    )
    event = Event.objects.get(verb="program.area.create")
    assert (event.actor, event.object_id) == (people["standing"], str(area.pk))


def test_a_used_number_and_a_missing_title_are_refused(draft, people, client_for):
    response = client_for(people["standing"]).post(
        create_url(draft), {"number": 5, "title": "", "points": "20"}
    )
    errors = response.context["form"].errors
    assert errors["number"] == ["Số thứ tự 5 đã được dùng cho một nội dung khác của chương trình."]
    assert errors["title"] == ["Trường này là bắt buộc."]
    assert draft.areas.count() == 5


def test_points_out_of_range_are_refused(draft, people, client_for):
    response = client_for(people["standing"]).post(
        create_url(draft), {"number": 6, "title": "Thêm", "points": "0"}
    )
    assert response.context["form"].errors["points"] == [
        "Điểm của một nội dung phải lớn hơn 0 và không quá 100."
    ]
    assert draft.areas.count() == 5


def test_no_area_is_added_to_an_open_program(program, people, client_for):
    response = client_for(people["standing"]).post(
        create_url(program), {"number": 6, "title": "Thêm", "points": "20"}
    )
    assert response.status_code == 200
    assert "Chỉ có thể thêm nội dung rèn luyện khi chương trình còn là bản nháp." in (
        response.content.decode()
    )
    assert program.areas.count() == 5


def test_editing_an_area_of_a_draft_saves_everything(draft, people, client_for):
    area = draft.areas.get(number=4)
    client_for(people["standing"]).post(
        edit_url(area), {"number": 4, "title": "Sức khỏe, thể chất", "points": "15"}
    )
    area.refresh_from_db()
    assert (area.title, area.description, area.points) == ("Sức khỏe, thể chất", "", 15)
    event = Event.objects.get(verb="program.area.update")
    assert event.data["changes"]["points"] == ["20.00", "15"]


def test_an_open_programs_area_keeps_its_number_and_points(program, people, client_for):
    area = program.areas.get(number=4)
    client = client_for(people["standing"])
    page = client.get(edit_url(area)).content.decode()
    assert "Không thay đổi được khi chương trình đã triển khai." in page

    client.post(edit_url(area), {"number": 9, "title": "Sức khỏe thể chất", "points": "50"})

    area.refresh_from_db()
    assert (area.number, area.points, area.title) == (4, 20, "Sức khỏe thể chất")


def test_an_area_of_another_program_is_404(program, draft, people, client_for):
    other = program.areas.get(number=1)
    url = reverse("programs:area_edit", args=[draft.pk, other.pk])
    assert client_for(people["standing"]).get(url).status_code == 404


def test_a_branch_secretary_gets_403(draft, people, client_for):
    client = client_for(people["secretary_a1"])
    area = draft.areas.get(number=1)
    assert client.get(create_url(draft)).status_code == 403
    assert client.get(edit_url(area)).status_code == 403
    data = {"number": 1, "title": "Đổi", "points": "20"}
    assert client.post(edit_url(area), data).status_code == 403
    assert client.post(create_url(draft), {**data, "number": 6}).status_code == 403
    area.refresh_from_db()
    assert area.title != "Đổi" and draft.areas.count() == 5


def test_another_base_union_gets_404(draft, outsider, client_for):
    client = client_for(outsider)
    area = draft.areas.get(number=1)
    assert client.get(edit_url(area)).status_code == 404
    assert client.post(create_url(draft), {"number": 6, "title": "X"}).status_code == 404
