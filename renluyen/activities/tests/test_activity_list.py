"""The activity catalog page."""

from django.test import Client
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level

URL = reverse("activities:list")


def test_a_member_sees_what_their_form_may_take(org, member_user, make_activity, client_for):
    make_activity(org["fed_a"], title="Hội thao Liên chi đoàn A")
    make_activity(org["branch_a1"], title="Sinh hoạt chủ điểm A1", ends_on=None)
    make_activity(org["branch_b1"], title="Văn nghệ B1")

    response = client_for(member_user).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert "Danh mục hoạt động" in page
    assert "Hội thao Liên chi đoàn A" in page and "Sinh hoạt chủ điểm A1" in page
    assert "Văn nghệ B1" not in page
    assert "20/11/2020" in page
    assert "Thêm hoạt động" not in page
    assert "Sửa" not in page


def test_a_secretary_may_edit_only_the_branchs_own_activities(
    org, program, people, make_activity, client_for
):
    own = make_activity(org["branch_b1"], title="Văn nghệ B1")
    above = make_activity(org["fed_b"], title="Hội thao Liên chi đoàn B")
    page = text(client_for(people["secretary_b1"]).get(URL))
    assert "Thêm hoạt động" in page
    assert reverse("activities:edit", args=[own.pk]) in page
    assert reverse("activities:edit", args=[above.pk]) not in page
    assert "Hội thao Liên chi đoàn B" in page


def test_the_related_criteria_and_the_area_are_listed(org, program, make_activity, people):
    activity = make_activity(org["fed_a"], title="Hiến máu")
    activity.criteria.set(program.areas.get(number=2).criteria.filter(code="2.2"))
    client = Client()
    client.force_login(people["fed_a"])
    page = text(client.get(URL))
    assert '<span class="badge" title="' in page and ">2.2</span>" in page
    assert "3. Chuyên môn nghiệp vụ" in page


def test_a_program_can_be_chosen(org, program, people, client_for):
    other_base = factories.unit(level=Level.BASE, parent=org["upper"])
    other = factories.program(unit=other_base)
    client = client_for(people["standing"])
    assert client.get(f"{URL}?program={program.pk}").context["program"] == program
    # A program the user does not see, or nonsense, is not found.
    assert client.get(f"{URL}?program={other.pk}").status_code == 404
    assert client.get(f"{URL}?program=abc").status_code == 404


def test_without_a_program_the_page_says_so(db, client_for):
    page = text(client_for(factories.user()).get(URL))
    assert "Chưa có chương trình nào." in page


def test_an_anonymous_visitor_is_sent_to_log_in(db):
    response = Client().get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_query_count_does_not_grow_with_the_catalog(
    org, program, people, make_activity, client_for
):
    client = client_for(people["fed_a"])
    criteria = list(program.areas.get(number=1).criteria.all()[:2])
    make_activity(org["fed_a"]).criteria.set(criteria)
    few = count_queries(lambda: client.get(URL))
    for unit in ["branch_a1", "branch_a2", "base", "upper"]:
        make_activity(org[unit], title=unit).criteria.set(criteria)
    assert count_queries(lambda: client.get(URL)) == few
