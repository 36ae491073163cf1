"""The navigation bar: unread count and the links each person needs, read in one query."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.notifications.context_processors import nav
from renluyen.notifications.services import notify


def test_a_member_sees_their_form_activities_and_unread_count(client, matrix):
    user = matrix.users["member"]
    notify(users=[user] * 3, verb="registration.confirmed", data={}, url="/")
    client.force_login(user)
    html = text(client.get("/"))
    assert ">Phiếu rèn luyện</a>" in html
    assert ">Hoạt động</a>" in html
    assert "Thông báo (3)" in html
    # A plain member has no unit or member lists to browse.
    assert ">Đơn vị</a>" not in html and ">Đoàn viên</a>" not in html


def test_a_role_holder_without_a_member_record_has_no_form_link(client, matrix):
    client.force_login(matrix.users["branch_secretary"])
    html = text(client.get("/"))
    assert ">Phiếu rèn luyện</a>" not in html
    assert ">Đơn vị</a>" in html and ">Đoàn viên</a>" in html
    assert ">Thông báo</a>" in html  # nothing unread: no count


def test_it_reads_both_in_one_query_and_only_when_shown(db):
    user = factories.user()
    notify(users=[user], verb="registration.confirmed", data={}, url="/")
    request = RequestFactory().get("/")
    request.user = user
    assert count_queries(lambda: nav(request)) == 0
    context = nav(request)
    shown = context["nav"]
    assert count_queries(lambda: (shown.unread, shown.has_member, shown.has_role)) == 1
    assert shown.unread == 1 and shown.has_member is False and shown.has_role is False


def test_an_anonymous_visitor_gets_nothing(db):
    request = RequestFactory().get("/login/")
    request.user = AnonymousUser()
    assert count_queries(lambda: nav(request)) == 0
    assert nav(request) == {}
