"""The member's way in (registrations:mine): straight to the form of the open program
year, a short list when there are several, and a clear page when there is none."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.organizations.models import Level
from renluyen.programs.models import ProgramStatus

MINE = reverse("registrations:mine")


@pytest.fixture
def member(org, member_user):
    return factories.member(branch=org["branch_a1"], user=member_user, name="Lê Thị Hoa")


def form_url(enrollment):
    return reverse("registrations:form", args=[enrollment.pk])


def test_it_goes_straight_to_the_only_open_form(client, org, member, member_user):
    enrollment = factories.enroll(factories.program(unit=org["base"]), member)
    client.force_login(member_user)
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"] == form_url(enrollment)


def test_it_lists_several_open_forms_with_their_state(client, org, member, member_user):
    first = factories.enroll(factories.program(unit=org["base"]), member)
    other_base = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường B")
    second = factories.enroll(factories.program(unit=other_base), member)
    factories.registration(first, submit=True)
    client.force_login(member_user)
    response = client.get(MINE)
    assert response.status_code == 200
    page = text(response)
    assert f'href="{form_url(first)}"' in page and f'href="{form_url(second)}"' in page
    assert "Đã nộp, chờ xác nhận" in page
    assert "Chưa đăng ký" in page


def test_closed_programs_are_left_out(client, org, member, member_user):
    factories.enroll(factories.program(unit=org["base"], status=ProgramStatus.CLOSED), member)
    client.force_login(member_user)
    response = client.get(MINE)
    assert response.status_code == 200
    assert "Bạn chưa có tên trong danh sách" in text(response)


def test_a_member_on_no_list_is_told_whom_to_ask(client, member, member_user):
    client.force_login(member_user)
    response = client.get(MINE)
    assert response.status_code == 200
    page = text(response)
    assert "Bạn chưa có tên trong danh sách đoàn viên tham gia chương trình rèn luyện" in page
    assert "Hãy liên hệ Bí thư chi đoàn" in page


def test_an_account_without_a_member_record_gets_the_same_page(client, people):
    client.force_login(people["secretary_a1"])
    response = client.get(MINE)
    assert response.status_code == 200
    assert "Hãy liên hệ Bí thư chi đoàn" in text(response)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(MINE)
    assert response.status_code == 302 and "/login/" in response["Location"]
