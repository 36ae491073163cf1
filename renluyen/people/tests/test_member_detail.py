"""A member's page: seen within the role's reach, and by the member themself; 404 otherwise."""

from datetime import date

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.programs.models import Enrollment, Program


def program(unit, year: int) -> Program:
    return Program.objects.create(
        unit=unit,
        school_year=f"{year}-{year + 1}",
        name=f"Chương trình rèn luyện đoàn viên {year}-{year + 1}",
        registration_deadline=date(year, 10, 18),
        self_review_start=date(year + 1, 3, 1),
        self_review_end=date(year + 1, 3, 31),
        evaluation_start=date(year + 1, 5, 1),
        evaluation_deadline=date(year + 1, 5, 30),
        report_deadline=date(year + 1, 6, 1),
    )


def url(member) -> str:
    return f"/members/{member.pk}/"


def test_it_asks_an_anonymous_visitor_to_log_in(client, matrix):
    response = client.get(url(matrix.members["own"]))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_roles_by_unit_of_the_member(client, matrix, role_key, target):
    member = matrix.members[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(url(member))
    if m.sees(role_key, target):
        assert response.status_code == 200
        html = text(response)
        assert f"<h1>{member.full_name}</h1>" in html and member.code in html
    else:
        assert response.status_code == 404
        assert member.full_name not in text(response)


def test_a_member_sees_their_own_record(client, matrix):
    client.force_login(matrix.users["member"])
    html = text(client.get(url(matrix.members["own"])))
    assert "<h1>Ngô Minh Đức</h1>" in html
    assert "DV9010" in html and "Sinh viên" in html and "Chi đoàn A1" in html


def test_a_member_record_that_does_not_exist_is_404(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    assert client.get("/members/987654/").status_code == 404


def test_it_shows_the_branch_of_each_program_year_in_a_constant_number_of_queries(
    client, matrix, django_assert_max_num_queries
):
    member = matrix.members["own"]
    base = matrix.units["base"]
    client.force_login(matrix.users["standing_committee"])
    Enrollment.objects.create(
        program=program(base, 2020), member=member, branch=matrix.units["branch_a1"]
    )
    few = count_queries(lambda: client.get(url(member)))
    for year in range(2021, 2026):
        branch = factories.unit(parent=matrix.units["fed_a"], name=f"Chi đoàn năm {year}")
        Enrollment.objects.create(program=program(base, year), member=member, branch=branch)
    with django_assert_max_num_queries(few):
        html = text(client.get(url(member)))
    assert "2020-2021: Chi đoàn A1" in html and "2025-2026: Chi đoàn năm 2025" in html
