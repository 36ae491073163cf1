"""The program settings page: name, status, the six dates, rules and thresholds."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Program, ProgramStatus
from renluyen.programs.services import SETTINGS_FIELDS


def url(program):
    return reverse("programs:program_edit", args=[program.pk])


def form_data(program, **changes) -> dict:
    """What the page posts when nothing is changed, then `changes`."""
    data = {}
    for field in SETTINGS_FIELDS:
        value = getattr(program, field)
        if isinstance(value, date):
            value = value.isoformat()
        data[field] = value
    data.update(changes)
    if data["every_area_required"] is False:
        del data["every_area_required"]  # an unticked box is not posted
    return data


def unchanged(program) -> dict:
    return {field: getattr(program, field) for field in SETTINGS_FIELDS}


def test_it_shows_the_current_settings(draft, people, client_for):
    response = client_for(people["standing"]).get(url(draft))
    body = response.content.decode()
    assert response.status_code == 200
    # Dates typed day first, whatever the browser's locale (no date picker to follow it).
    assert 'type="date"' not in body and 'value="18/10/2021"' in body
    assert "Xếp loại" in body
    # A draft may only be opened from here; it never closes without having opened.
    assert [value for value, _label in response.context["form"].fields["status"].choices] == [
        "draft",
        "open",
    ]


def test_edits_save_and_write_an_audit_event(draft, people, client_for):
    data = form_data(
        draft,
        name="Chương trình rèn luyện đoàn viên 2021-2022 (sửa)",
        registration_deadline="15/10/2021",  # typed, where there is no date picker
        min_criteria=12,
        every_area_required=False,
        min_solution_length=30,
        threshold_excellent="92,5",  # the Vietnamese decimal comma
        threshold_good="82",
        threshold_pass="72",
        place="Thành phố Hồ Chí Minh",
    )
    client = client_for(people["standing"])
    response = client.post(url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Chương trình rèn luyện đoàn viên 2021-2022 (sửa)"
    assert draft.registration_deadline == date(2021, 10, 15)
    assert (draft.min_criteria, draft.every_area_required, draft.min_solution_length) == (
        12,
        False,
        30,
    )
    assert (draft.threshold_excellent, draft.threshold_good, draft.threshold_pass) == (
        Decimal("92.5"),
        Decimal("82"),
        Decimal("72"),
    )
    event = Event.objects.get(verb="program.update")
    assert event.actor == people["standing"]
    assert event.data["changes"]["registration_deadline"] == ["2021-10-18", "2021-10-15"]
    assert event.data["changes"]["min_criteria"] == [10, 12]
    assert set(event.data["changes"]) == {
        "name",
        "registration_deadline",
        "min_criteria",
        "every_area_required",
        "min_solution_length",
        "threshold_excellent",
        "threshold_good",
        "threshold_pass",
        "place",
    }
    assert draft.place == "Thành phố Hồ Chí Minh"
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu thiết lập của chương trình." in page
    assert "Ít nhất 12 tiêu chí" in page


def test_saving_without_changes_writes_no_event(draft, people, client_for):
    client_for(people["standing"]).post(url(draft), form_data(draft))
    assert not Event.objects.filter(verb="program.update").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"threshold_good": "90"},
            "threshold_good",
            "Ngưỡng Hoàn thành tốt phải thấp hơn ngưỡng Hoàn thành xuất sắc.",
        ),
        (
            {"threshold_pass": "85"},
            "threshold_pass",
            "Ngưỡng Hoàn thành phải thấp hơn ngưỡng Hoàn thành tốt.",
        ),
        (
            {"threshold_excellent": "101"},
            "threshold_excellent",
            "Ngưỡng xếp loại là số điểm từ 0 đến 100.",
        ),
        (
            {"self_review_start": "2022-03-31", "self_review_end": "2022-03-01"},
            "self_review_end",
            "Ngày đóng đợt tự đánh giá giữa kỳ không được trước ngày mở.",
        ),
        (
            {"evaluation_start": "2022-05-30"},
            "evaluation_deadline",
            "Ngày mở đánh giá cuối năm phải trước hạn hoàn thành đánh giá.",
        ),
        (
            {"registration_deadline": "2022-05-15"},
            "registration_deadline",
            "Hạn hoàn thành đăng ký phải trước ngày mở đánh giá cuối năm.",
        ),
        (
            {"report_deadline": "2022-05-29"},
            "report_deadline",
            "Hạn gửi báo cáo không được trước hạn hoàn thành đánh giá.",
        ),
        (
            {"report_deadline": "2012-06-01"},
            "report_deadline",
            "Hãy chọn một ngày thuộc năm học 2021-2022 (trong năm 2021 hoặc 2022).",
        ),
        ({"min_criteria": "0"}, "min_criteria", "Hãy nhập một số không nhỏ hơn 1."),
        ({"name": "  "}, "name", "Trường này là bắt buộc."),
        (
            {"evaluation_start": "31/02/2022"},
            "evaluation_start",
            "Hãy nhập ngày hợp lệ, ví dụ 18/10/2021.",
        ),
    ],
)
def test_invalid_settings_show_errors_next_to_the_field_and_save_nothing(
    draft, people, client_for, changes, field, message
):
    before = unchanged(draft)
    response = client_for(people["standing"]).post(url(draft), form_data(draft, **changes))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    body = response.content.decode()
    assert "Chưa lưu được. Hãy sửa các mục được đánh dấu bên dưới." in body
    # The message sits in the field's own block, right under its input.
    field_html = body.split(f'name="{field}"', 1)[1].split('class="field', 1)[0]
    assert message in field_html
    draft.refresh_from_db()
    assert unchanged(draft) == before
    assert not Event.objects.filter(verb="program.update").exists()


def test_opening_a_program_with_problems_is_refused_and_shows_them(draft, people, client_for):
    draft.areas.get(number=4).criteria.all().delete()
    area5 = draft.areas.get(number=5)
    area5.points = 10
    area5.save()

    response = client_for(people["standing"]).post(url(draft), form_data(draft, status="open"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa thể triển khai chương trình." in body
    assert "Nội dung 4. Sức khỏe chưa có tiêu chí nào." in body
    assert "Tổng điểm các nội dung phải bằng 100; hiện là 90" in body
    draft.refresh_from_db()
    assert draft.status == ProgramStatus.DRAFT
    assert not Event.objects.filter(verb="program.update").exists()


def test_a_complete_draft_opens(draft, people, client_for):
    client_for(people["standing"]).post(url(draft), form_data(draft, status="open"))
    draft.refresh_from_db()
    assert draft.status == ProgramStatus.OPEN
    event = Event.objects.get(verb="program.update")
    assert event.data["changes"] == {"status": ["draft", "open"]}


def test_an_open_program_cannot_go_back_to_draft(program, people, client_for):
    response = client_for(people["standing"]).post(url(program), form_data(program, status="draft"))
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.OPEN


def test_a_branch_secretary_gets_403(draft, people, client_for):
    client = client_for(people["secretary_a1"])
    assert client.get(url(draft)).status_code == 403
    response = client.post(url(draft), form_data(draft, name="Đổi tên"))
    assert response.status_code == 403
    assert Program.objects.get(pk=draft.pk).name != "Đổi tên"


def test_another_base_union_gets_404(draft, outsider, client_for):
    client = client_for(outsider)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form_data(draft, name="Đổi tên")).status_code == 404
    assert Program.objects.get(pk=draft.pk).name != "Đổi tên"
