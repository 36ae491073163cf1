"""The inbox (notifications:inbox), opening one (notifications:open) and marking all read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.notifications.models import Notification
from renluyen.notifications.services import notify


@pytest.fixture
def person(db):
    return factories.user()


def note(user, verb="registration.confirmed", data=None, url="/registrations/1/"):
    notify(users=[user], verb=verb, data=data or {}, url=url)
    return Notification.objects.filter(user=user).latest("pk")


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_lists_ones_own_notifications_newest_first_in_vietnamese(client, person):
    note(person, "registration.returned", {"comment": "Viết rõ giải pháp."})
    note(person, "registration.submitted", {"member": "Lê Thị Hoa", "branch": "Chi đoàn A1"})
    note(factories.user(), "registration.submitted", {"member": "Người Khác", "branch": "B"})
    client.force_login(person)
    html = text(client.get(reverse("notifications:inbox")))
    returned = "Phiếu đăng ký rèn luyện của bạn được trả lại để sửa: Viết rõ giải pháp."
    submitted = "Đoàn viên Lê Thị Hoa đã nộp phiếu đăng ký rèn luyện."
    assert returned in html and submitted in html
    assert html.index(submitted) < html.index(returned)
    assert "Người Khác" not in html
    assert html.count(">Mới<") == 2
    assert "Thông báo (2)" in html


def test_opening_one_marks_it_read_and_goes_to_its_page(client, person):
    notification = note(person, url="/registrations/7/")
    client.force_login(person)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/registrations/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    html = text(client.get(reverse("notifications:inbox")))
    assert ">Mới<" not in html and "Thông báo (" not in html


def test_a_link_to_another_site_is_not_followed(client, person):
    notification = note(person, url="https://example.com/phish")
    client.force_login(person)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_404_and_stays_unread(client, person):
    notification = note(factories.user())
    client.force_login(person)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_ones_own(client, person):
    for _ in range(3):
        note(person)
    theirs = note(factories.user())
    client.force_login(person)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in text(response)
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_refuses_a_get(client, person):
    client.force_login(person)
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_an_empty_inbox_says_so(client, person):
    client.force_login(person)
    html = text(client.get(reverse("notifications:inbox")))
    assert "Bạn chưa có thông báo nào." in html
    assert "Đánh dấu đã đọc tất cả" not in html


def test_it_pages_with_a_fixed_query_count(client, person, django_assert_max_num_queries):
    note(person)
    client.force_login(person)
    few = count_queries(lambda: client.get(reverse("notifications:inbox")))
    Notification.objects.bulk_create(
        Notification(user=person, verb="registration.confirmed", url="/x/") for _ in range(60)
    )
    with django_assert_max_num_queries(few):
        html = text(client.get(reverse("notifications:inbox")))
    assert "Trang 1 / 2" in html
    assert "Thông báo (61)" in html


def test_a_read_notification_keeps_its_first_read_time(client, person):
    notification = note(person)
    earlier = timezone.now() - timedelta(days=1)
    Notification.objects.filter(pk=notification.pk).update(read_at=earlier)
    client.force_login(person)
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == earlier


def test_each_row_links_to_its_notification_with_its_local_time(client, person, settings):
    # The view formats the rows itself (notifications.views._rows): the same link and
    # times as {% url %} and the date filter would give.
    from django.utils.formats import date_format

    notification = note(person)
    client.force_login(person)
    html = client.get(reverse("notifications:inbox")).content.decode()
    local = timezone.localtime(notification.created_at)
    assert f'href="{reverse("notifications:open", args=[notification.pk])}"' in html
    assert f'<time datetime="{date_format(local, "c")}">' in html
    assert f">{local.strftime('%d/%m/%Y %H:%M')}</time>" in html
