"""The registration meeting (seed IV.1 Step 1): the branch records the meeting that
explains the program and suggests content, as it records the evaluation meeting."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.support.models import RegistrationMeeting


def url(branch, program):
    return f"{reverse('support:registration_meeting', args=[branch.pk])}?program={program.pk}"


def data(present, version=0, day=None, **extra):
    return {
        "meeting_date": (day or timezone.localdate() - timedelta(days=3)).isoformat(),
        "present": [e.pk for e in present],
        "minutes": "Bí thư phổ biến Chương trình rèn luyện đoàn viên.\r\nHạn đăng ký cuối tháng.",
        "suggestions": "Nội dung 3: học tiếng Anh theo nhóm.",
        "version": str(version),
        **extra,
    }


def test_the_secretary_records_the_meeting_and_the_list_links_it(
    org, people, program, a1, client_for
):
    client = client_for(people["secretary_a1"])
    branch_list = text(client.get(f"{reverse('registrations:branch', args=[org['branch_a1'].pk])}"))
    assert "Họp triển khai đăng ký" in branch_list
    # Reading the page writes nothing.
    assert "Lưu biên bản họp" in text(client.get(url(org["branch_a1"], program)))
    assert not RegistrationMeeting.objects.exists()
    response = client.post(url(org["branch_a1"], program), data(a1[:2]))
    assert response.status_code == 302
    meeting = RegistrationMeeting.objects.get()
    assert meeting.minutes.endswith("Hạn đăng ký cuối tháng.") and "\r" not in meeting.minutes
    assert set(meeting.attendees.all()) == set(a1[:2])
    assert meeting.suggestions == "Nội dung 3: học tiếng Anh theo nhóm."
    assert Event.objects.get(verb="support.registration_meeting").data["present"] == 2
    page = text(client.get(response["Location"]))
    assert "Đã lưu biên bản họp." in page
    assert "Đoàn viên có mặt (2/3)" in page


def test_a_future_date_or_a_stale_page_is_refused_and_what_was_typed_stays(
    org, people, program, a1, client_for
):
    client = client_for(people["secretary_a1"])
    future = timezone.localdate() + timedelta(days=2)
    response = client.post(url(org["branch_a1"], program), data(a1, day=future))
    assert response.status_code == 200
    page = text(response)
    assert "Ngày họp không được ở trong tương lai." in page
    assert "Nội dung 3: học tiếng Anh theo nhóm." in page
    assert not RegistrationMeeting.objects.filter(meeting_date__isnull=False).exists()
    client.post(url(org["branch_a1"], program), data(a1))
    # A second secretary's page was opened before the first save (version 0).
    response = client.post(url(org["branch_a1"], program), data(a1[:1], version=0))
    assert "Đã có người thay đổi nội dung này" in text(response)
    assert RegistrationMeeting.objects.get().attendees.count() == 3


def test_the_federation_reads_it_and_cannot_write(org, people, program, a1, client_for):
    client_for(people["secretary_a1"]).post(url(org["branch_a1"], program), data(a1))
    client = client_for(people["fed_a"])
    page = text(client.get(url(org["branch_a1"], program)))
    assert "Bạn xem biên bản này ở chế độ chỉ đọc" in page
    assert "Bí thư phổ biến Chương trình" in page
    assert client.post(url(org["branch_a1"], program), data(a1, version=1)).status_code == 403
