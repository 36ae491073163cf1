"""Deleting an activity."""

from django.urls import reverse

from renluyen.activities.models import Activity
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.registrations import services as registrations
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft


def delete_url(activity):
    return reverse("activities:delete", args=[activity.pk])


def test_an_unused_activity_is_deleted(org, program, people, make_activity, client_for):
    activity = make_activity(org["branch_b1"], title="Văn nghệ")
    client = client_for(people["secretary_b1"])
    assert "Xóa hoạt động" in text(client.get(delete_url(activity)))
    response = client.post(delete_url(activity), follow=True)
    assert not Activity.objects.exists()
    assert "Đã xóa hoạt động “Văn nghệ”." in text(response)
    assert Event.objects.filter(verb="activity.delete", actor=people["secretary_b1"]).exists()


def test_deleting_an_activity_on_a_form_is_refused(
    org, program, people, make_activity, member_user, client_for
):
    activity = make_activity(org["fed_a"])
    enrollment = member_user.member.enrollments.get()
    drafts = [
        ItemDraft(area=activity.area, kind=ItemKind.ACTIVITY, activity=activity, solution="Dự")
    ]
    registrations.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)
    client = client_for(people["fed_a"])
    message = (
        "1 đoàn viên đã đăng ký hoạt động này trong phiếu nên không thể xóa. "
        "Hãy sửa hoạt động thay vì xóa."
    )
    page = text(client.get(delete_url(activity)))
    assert message in page and 'type="submit"' not in page.split("<main>")[1]

    response = client.post(delete_url(activity), follow=True)
    assert message in text(response)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_outsiders_get_404_and_members_403(
    org, program, make_activity, committee_b1, member_user, client_for
):
    activity = make_activity(org["branch_a1"])
    assert client_for(committee_b1).post(delete_url(activity)).status_code == 404
    # The member sees the activity in their catalog but may not delete it.
    assert client_for(member_user).post(delete_url(activity)).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()
