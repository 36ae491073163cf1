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
            "meeting_date": today.strftime("%d/%m/%Y"),
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
    # The page shows what was saved, day first, with the member ticked as present and
    # "All present" ticked too (everyone was).
    page = text(response)
    assert f'value="{today.strftime("%d/%m/%Y")}"' in page
    assert f'name="present" value="{enrollment.pk}" checked' in page
    assert '<input type="checkbox" data-all-present checked> Tất cả có mặt' in page
    assert "Đoàn viên có mặt: <b data-present-count>1</b>/1" in page


def test_the_date_reads_day_first_whatever_the_language(client, org, program, people, enrollment):
    """12/01 is the 12th of January in English too (a browser's date picker would follow
    its locale); ISO dates still read."""
    day = program.evaluation_start.replace(day=12)
    client.force_login(people["secretary_a1"])
    client.cookies["django_language"] = "en"
    client.post(meeting_url(org, program), {"meeting_date": day.strftime("%d/%m/%Y"), "early": "1"})
    be = BranchEvaluation.objects.get(program=program, branch=org["branch_a1"])
    assert be.meeting_date == day
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert f'value="{day.strftime("%d/%m/%Y")}"' in page
    assert 'type="date"' not in page


def test_a_date_before_the_evaluation_opened_asks_to_confirm(
    client, org, program, people, enrollment
):
    early = program.evaluation_start - timedelta(days=3)
    client.force_login(people["secretary_a1"])
    typed = {
        "meeting_date": early.strftime("%d/%m/%Y"),
        "minutes": "Họp sớm.",
        "present": [enrollment.pk],
    }
    response = client.post(meeting_url(org, program), typed)
    assert response.status_code == 400
    page = text(response)
    assert "trước ngày mở đánh giá" in page
    # What was typed is kept, with the box to confirm.
    assert f'value="{early.strftime("%d/%m/%Y")}"' in page and "Họp sớm." in page
    assert f'name="present" value="{enrollment.pk}" checked' in page
    assert 'name="early" value="1"' in page
    assert not BranchEvaluation.objects.filter(meeting_date=early).exists()
    client.post(meeting_url(org, program), {**typed, "early": "1"})
    assert (
        BranchEvaluation.objects.get(program=program, branch=org["branch_a1"]).meeting_date == early
    )


def test_a_future_date_is_refused(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        meeting_url(org, program),
        {"meeting_date": tomorrow.strftime("%d/%m/%Y"), "minutes": ""},
    )
    assert "Ngày họp không được ở trong tương lai." in text(response)
    assert services.branch_evaluation(program, org["branch_a1"]).meeting_date is None


def test_a_date_that_is_not_a_date_is_refused(client, org, program, people, enrollment):
    client.force_login(people["secretary_a1"])
    response = client.post(meeting_url(org, program), {"meeting_date": "20/13/2026"})
    assert response.status_code == 400
    assert "Hãy nhập ngày họp theo thứ tự ngày/tháng/năm" in text(response)


def test_the_federation_may_not_record_it(client, org, program, people, enrollment):
    client.force_login(people["fed_a"])
    assert client.post(meeting_url(org, program), {"meeting_date": ""}).status_code == 403
    page = text(client.get(services.branch_url(org["branch_a1"], program)))
    assert '<fieldset class="plain" disabled>' in page


def test_another_branch_secretary_gets_404(client, org, program, people, enrollment):
    client.force_login(people["secretary_b1"])
    assert client.post(meeting_url(org, program), {"meeting_date": ""}).status_code == 404
