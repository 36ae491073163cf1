"""The evaluation meeting record: date, members present, minutes."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.evaluations import services
from renluyen.evaluations.models import BranchEvaluation


def meeting_url(org, program):
    return f"{reverse('evaluations:meeting', args=[org['branch_a1'].pk])}?program={program.pk}"


def test_it_saves_the_meeting(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    today = timezone.localdate()
    response = client.post(
        meeting_url(org, program),
        {
            "meeting_date": today.isoformat(),
            "present": [enrollment.pk],
            "minutes": "Chi đoàn họp, 1/1 đoàn viên có mặt.",
        },
        follow=True,
    )
    assert "Đã lưu biên bản họp." in text(response)
    be = BranchEvaluation.objects.get(program=program, branch=org["branch_a1"])
    assert be.meeting_date == today
    assert list(be.attendees.all()) == [enrollment]
    assert be.minutes == "Chi đoàn họp, 1/1 đoàn viên có mặt."
    assert Event.objects.filter(verb="evaluation.meeting").exists()
    # The page shows what was saved, with the member ticked as present.
    page = text(response)
    assert f'value="{today.isoformat()}"' in page
    assert f'name="present" value="{enrollment.pk}" checked' in page
    assert "Chọn tất cả" in page


def test_a_future_date_is_refused(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        meeting_url(org, program),
        {"meeting_date": tomorrow.isoformat(), "minutes": ""},
        follow=True,
    )
    assert "Ngày họp không được ở trong tương lai." in text(response)
    assert services.branch_evaluation(program, org["branch_a1"]).meeting_date is None


def test_a_date_that_is_not_a_date_is_refused(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    response = client.post(meeting_url(org, program), {"meeting_date": "20/13/2026"}, follow=True)
    assert "Nhập ngày họp đúng dạng ngày" in text(response)


def test_the_federation_may_not_record_it(client, org, program, people, enrollment):
    client.force_login(people["fed_a"])
    assert client.post(meeting_url(org, program), {"meeting_date": ""}).status_code == 403
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert '<fieldset class="plain" disabled>' in page


def test_another_branch_secretary_gets_404(client, org, program, people, enrollment):
    client.force_login(people["secretary_b1"])
    assert client.post(meeting_url(org, program), {"meeting_date": ""}).status_code == 404
