"""The open / close buttons of the program page."""

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Program, ProgramStatus


def url(program):
    return reverse("programs:program_status", args=[program.pk])


def status_of(program):
    return Program.objects.get(pk=program.pk).status


def test_a_complete_draft_opens(draft, people, client_for):
    client = client_for(people["standing"])
    response = client.post(url(draft), {"status": "open"})
    assert response.status_code == 302
    assert status_of(draft) == ProgramStatus.OPEN
    assert Event.objects.get(verb="program.update").data["changes"] == {"status": ["draft", "open"]}
    page = client.get(response["Location"]).content.decode()
    assert "Chương trình đã chuyển sang trạng thái “Đang triển khai”." in page


def test_opening_with_problems_is_refused_with_the_problems(draft, people, client_for):
    draft.areas.get(number=3).criteria.all().delete()
    client = client_for(people["standing"])

    response = client.post(url(draft), {"status": "open"}, follow=True)

    assert status_of(draft) == ProgramStatus.DRAFT
    assert not Event.objects.filter(verb="program.update").exists()
    body = response.content.decode()
    assert "Chưa thể triển khai chương trình. Nội dung 3. Chuyên môn nghiệp vụ chưa có" in body
    # The page lists what to fix before anyone presses the button again.
    assert 'id="open-problems"' in body


def test_an_open_program_closes_and_reopens(program, people, client_for):
    client = client_for(people["standing"])
    client.post(url(program), {"status": "closed"})
    assert status_of(program) == ProgramStatus.CLOSED
    client.post(url(program), {"status": "open"})
    assert status_of(program) == ProgramStatus.OPEN


def test_an_open_program_never_goes_back_to_draft(program, people, client_for):
    response = client_for(people["standing"]).post(url(program), {"status": "draft"}, follow=True)
    assert status_of(program) == ProgramStatus.OPEN
    assert (
        "Chương trình đang ở trạng thái “Đang triển khai” không thể chuyển sang “Bản nháp”."
        in response.content.decode()
    )


def test_an_unknown_status_is_refused(program, people, client_for):
    response = client_for(people["standing"]).post(url(program), {"status": "x"}, follow=True)
    assert "Hãy chọn trạng thái trong danh sách." in response.content.decode()
    assert status_of(program) == ProgramStatus.OPEN


def test_it_takes_only_post(draft, people, client_for):
    assert client_for(people["standing"]).get(url(draft)).status_code == 405


def test_a_branch_secretary_gets_403_and_an_outsider_404(draft, people, outsider, client_for):
    data = {"status": "open"}
    assert client_for(people["secretary_a1"]).post(url(draft), data).status_code == 403
    assert client_for(outsider).post(url(draft), data).status_code == 404
    assert status_of(draft) == ProgramStatus.DRAFT
