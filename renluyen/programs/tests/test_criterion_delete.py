"""Deleting a criterion: only while the program is a draft."""

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Criterion


def url(criterion):
    return reverse("programs:criterion_delete", args=[criterion.area.program_id, criterion.pk])


def test_a_drafts_criterion_is_deleted(draft, people, client_for):
    criterion = Criterion.objects.get(area__program=draft, code="2.5")
    client = client_for(people["standing"])
    assert "Xác nhận xóa?" in client.get(url(criterion)).content.decode()

    response = client.post(url(criterion), follow=True)

    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert "Đã xóa tiêu chí 2.5." in response.content.decode()
    event = Event.objects.get(verb="program.criterion.delete")
    assert (event.actor, event.data["code"]) == (people["standing"], "2.5")


def test_an_open_programs_criterion_is_kept(program, people, client_for):
    criterion = Criterion.objects.get(area__program=program, code="2.5")
    response = client_for(people["standing"]).post(url(criterion), follow=True)
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert "Chỉ có thể xóa tiêu chí khi chương trình còn là bản nháp" in (response.content.decode())


def test_a_branch_secretary_gets_403_and_an_outsider_404(draft, people, outsider, client_for):
    criterion = Criterion.objects.get(area__program=draft, code="2.5")
    assert client_for(people["secretary_a1"]).post(url(criterion)).status_code == 403
    assert client_for(outsider).post(url(criterion)).status_code == 404
    assert Criterion.objects.filter(pk=criterion.pk).exists()
