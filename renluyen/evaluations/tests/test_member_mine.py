"""The member's evaluations (evaluations:mine): straight to the self-evaluation when there
is one, otherwise a page saying why there is nothing to evaluate."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.programs.models import Program

URL = reverse("evaluations:mine")


def test_one_open_evaluation_goes_straight_to_it(client, enrollment, member_user):
    client.force_login(member_user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:self", args=[enrollment.pk])


def test_before_the_evaluation_opens_it_says_when(client, enrollment, member_user):
    start = timezone.localdate() + timedelta(days=5)
    Program.objects.filter(pk=enrollment.program_id).update(evaluation_start=start)
    client.force_login(member_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Bạn chưa có gì để tự đánh giá." in page
    assert f"Tự đánh giá mở từ ngày {start.strftime('%d/%m/%Y')}." in page


def test_without_a_confirmed_registration_it_says_so(client, org, program, member_user):
    member = factories.member(branch=org["branch_a1"], user=member_user)
    enrollment = factories.enroll(program, member)
    factories.open_evaluation(program)
    client.force_login(member_user)
    page = text(client.get(URL))
    assert "Bạn chưa có phiếu đăng ký được xác nhận để tự đánh giá." in page
    assert reverse("registrations:form", args=[enrollment.pk]) in page


def test_an_account_without_a_member_record_sees_the_friendly_page(client, people):
    client.force_login(people["secretary_b1"])
    page = text(client.get(URL))
    assert "Bạn chưa có gì để tự đánh giá." in page


def test_anonymous_is_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_the_waiting_self_evaluation_opens_even_with_other_years(
    client, org, enrollment, member_user
):
    """A member of several years goes straight to the one waiting for them; the other
    years stay listed behind "Các năm học"."""
    from renluyen.programs.models import ProgramStatus
    from renluyen.programs.services import program_copy

    later = program_copy(program=enrollment.program, school_year="2021-2022", user=member_user)
    Program.objects.filter(pk=later.pk).update(status=ProgramStatus.OPEN)
    factories.enroll(later, enrollment.member)
    client.force_login(member_user)
    response = client.get(URL)
    assert response["Location"] == reverse("evaluations:self", args=[enrollment.pk])
    page = text(client.get(URL + "?all=1"))
    assert "2021 - 2022" in page or "2021-2022" in page
    factories.self_scores(enrollment)
    assert client.get(URL).status_code == 200  # nothing waiting: the list
