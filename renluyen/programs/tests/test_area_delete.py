"""Deleting a content area: only while the program is a draft."""

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Criterion


def url(area):
    return reverse("programs:area_delete", args=[area.program_id, area.pk])


def test_it_asks_before_deleting(draft, people, client_for):
    area = draft.areas.get(number=5)
    body = client_for(people["standing"]).get(url(area)).content.decode()
    assert "Xác nhận xóa?" in body
    assert "3 tiêu chí của nội dung này cũng bị xóa theo." in body
    assert draft.areas.filter(pk=area.pk).exists()


def test_a_drafts_area_is_deleted_with_its_criteria(draft, people, client_for):
    area = draft.areas.get(number=5)
    response = client_for(people["standing"]).post(url(area))

    assert response.status_code == 302
    assert not draft.areas.filter(number=5).exists()
    assert not Criterion.objects.filter(area_id=area.pk).exists()
    event = Event.objects.get(verb="program.area.delete")
    assert event.actor == people["standing"]
    assert event.data["criteria"] == ["5.1", "5.2", "5.3"]


def test_an_open_programs_area_is_not_deleted(program, people, client_for):
    area = program.areas.get(number=5)
    response = client_for(people["standing"]).post(url(area), follow=True)
    assert program.areas.filter(pk=area.pk).exists()
    assert "Chỉ có thể xóa nội dung rèn luyện khi chương trình còn là bản nháp" in (
        response.content.decode()
    )
    assert not Event.objects.filter(verb="program.area.delete").exists()


def test_a_branch_secretary_gets_403_and_an_outsider_404(draft, people, outsider, client_for):
    area = draft.areas.get(number=5)
    assert client_for(people["secretary_a1"]).get(url(area)).status_code == 403
    assert client_for(people["secretary_a1"]).post(url(area)).status_code == 403
    assert client_for(outsider).post(url(area)).status_code == 404
    assert draft.areas.filter(pk=area.pk).exists()
