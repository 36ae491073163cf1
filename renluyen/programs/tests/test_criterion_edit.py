"""Adding and editing a criterion."""

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Criterion


def create_url(area):
    return reverse("programs:criterion_create", args=[area.program_id, area.pk])


def edit_url(criterion):
    return reverse("programs:criterion_edit", args=[criterion.area.program_id, criterion.pk])


def test_it_adds_a_criterion_after_the_areas_catalog_criteria(draft, people, client_for):
    area = draft.areas.get(number=3)
    client = client_for(people["standing"])
    assert client.get(create_url(area)).context["form"]["code"].value() == "3.6"

    response = client.post(
        create_url(area), {"code": "3.6", "text": "Tham gia nghiên cứu khoa học.", "order": ""}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#area-3")
    criterion = area.criteria.get(code="3.6")
    assert (criterion.text, criterion.member_type) == ("Tham gia nghiên cứu khoa học.", "")
    # Listed after 3.5, before the member-type targets.
    assert list(area.criteria.order_by("order", "code").values_list("code", flat=True))[4:6] == [
        "3.5",
        "3.6",
    ]
    event = Event.objects.get(verb="program.criterion.create")
    assert (event.actor, event.data["code"]) == (people["standing"], "3.6")


def test_a_duplicate_code_is_refused(draft, people, client_for):
    area = draft.areas.get(number=1)
    response = client_for(people["standing"]).post(
        create_url(area), {"code": " 1.2 ", "text": "Trùng mã."}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Mã 1.2 đã có trong nội dung này; hãy chọn mã khác."
    ]
    assert area.criteria.count() == 6
    assert not Event.objects.filter(verb="program.criterion.create").exists()


def test_the_same_code_in_another_area_is_fine(draft, people, client_for):
    area = draft.areas.get(number=2)
    client_for(people["standing"]).post(create_url(area), {"code": "1.2", "text": "Khác."})
    assert area.criteria.filter(code="1.2").exists()


def test_the_text_is_required(draft, people, client_for):
    area = draft.areas.get(number=1)
    response = client_for(people["standing"]).post(create_url(area), {"code": "1.7", "text": " "})
    assert response.context["form"].errors["text"] == ["Trường này là bắt buộc."]
    assert area.criteria.count() == 6


def test_editing_saves_text_code_type_and_order(draft, people, client_for):
    criterion = Criterion.objects.get(area__program=draft, code="4.3")
    client_for(people["standing"]).post(
        edit_url(criterion),
        {"code": "4.3a", "text": "Nội dung mới.", "member_type": "student", "order": "7"},
    )
    criterion.refresh_from_db()
    assert (criterion.code, criterion.text, criterion.member_type, criterion.order) == (
        "4.3a",
        "Nội dung mới.",
        "student",
        7,
    )
    event = Event.objects.get(verb="program.criterion.update")
    assert event.data["changes"]["code"] == ["4.3", "4.3a"]


def test_renaming_to_a_used_code_is_refused(draft, people, client_for):
    criterion = Criterion.objects.get(area__program=draft, code="4.3")
    response = client_for(people["standing"]).post(
        edit_url(criterion), {"code": "4.1", "text": criterion.text}
    )
    assert "Mã 4.1 đã có trong nội dung này; hãy chọn mã khác." in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.code == "4.3"


def test_an_open_programs_criterion_keeps_its_member_type(program, people, client_for):
    criterion = Criterion.objects.get(area__program=program, code="4.1")
    client_for(people["standing"]).post(
        edit_url(criterion), {"code": "4.1", "text": "Sửa câu chữ.", "member_type": "pupil"}
    )
    criterion.refresh_from_db()
    assert (criterion.text, criterion.member_type) == ("Sửa câu chữ.", "")


def test_a_closed_program_gets_no_new_criteria(program, people, client_for):
    program.status = "closed"
    program.save()
    area = program.areas.get(number=1)
    response = client_for(people["standing"]).post(
        create_url(area), {"code": "1.7", "text": "Mới."}
    )
    assert "Chương trình đã kết thúc; không thể thêm tiêu chí." in response.content.decode()
    assert not area.criteria.filter(code="1.7").exists()


def test_a_criterion_of_another_program_is_404(program, draft, people, client_for):
    other = Criterion.objects.get(area__program=program, code="1.1")
    url = reverse("programs:criterion_edit", args=[draft.pk, other.pk])
    assert client_for(people["standing"]).get(url).status_code == 404


def test_a_branch_secretary_gets_403_and_an_outsider_404(draft, people, outsider, client_for):
    area = draft.areas.get(number=1)
    criterion = area.criteria.get(code="1.1")
    secretary, other = client_for(people["secretary_a1"]), client_for(outsider)
    data = {"code": "1.9", "text": "Không được."}
    assert secretary.get(create_url(area)).status_code == 403
    assert secretary.post(create_url(area), data).status_code == 403
    assert secretary.post(edit_url(criterion), data).status_code == 403
    assert other.get(edit_url(criterion)).status_code == 404
    assert other.post(create_url(area), data).status_code == 404
    assert not area.criteria.filter(code="1.9").exists()
