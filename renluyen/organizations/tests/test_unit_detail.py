"""The unit page: seen for the role's own unit and below, 404 beside and above."""

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text


def url(unit) -> str:
    return f"/units/{unit.pk}/"


def test_it_asks_an_anonymous_visitor_to_log_in(client, matrix):
    response = client.get(url(matrix.units["branch_a1"]))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/units/")


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_roles_by_target_unit(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    response = client.get(url(unit))
    if m.sees(role_key, target):
        assert response.status_code == 200
        assert f"<h1>{unit.name}</h1>" in text(response)
    else:
        assert response.status_code == 404
        assert unit.name not in text(response)


def test_a_unit_that_does_not_exist_is_404(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    assert client.get("/units/987654/").status_code == 404


def test_the_way_up_stops_at_the_top_the_user_may_see(client, matrix):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get(url(matrix.units["sub_a1"])))
    assert "Liên chi đoàn A</a> › " in html and "Chi đoàn A1</a> › " in html
    assert "Đoàn trường ĐH Kinh tế" not in html and "Đoàn ĐHQGHN" not in html


def test_it_lists_the_units_below_and_counts_their_branches_and_members(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    html = text(client.get(url(matrix.units["fed_a"])))
    assert 'Chi đoàn A1</a> <span class="muted">Chi đoàn</span>' in html
    assert "Chi đoàn A2" in html and "Phân đoàn A1.1" not in html  # grandchild not listed
    assert "2 chi đoàn, 5 đoàn viên" in html


def test_only_leaders_who_import_see_the_import_button(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_secretary"])
    assert f"/imports/?unit={branch.pk}" in text(client.get(url(branch)))
    client.force_login(matrix.users["inspection"])
    assert "/imports/" not in text(client.get(url(branch)))


def test_its_query_count_does_not_grow_with_units_or_members(
    client, matrix, django_assert_max_num_queries
):
    fed = matrix.units["fed_a"]
    client.force_login(matrix.users["federation_committee"])
    few = count_queries(lambda: client.get(url(fed)))
    for i in range(15):
        branch = factories.unit(parent=fed, name=f"Chi đoàn thêm {i}")
        factories.member(branch=branch)
    with django_assert_max_num_queries(few):
        assert "Chi đoàn thêm 14" in text(client.get(url(fed)))


def test_it_links_a_branch_to_its_forms_and_a_federation_to_its_figures(client, matrix):
    client.force_login(matrix.users["federation_committee"])
    branch, federation = matrix.units["branch_a1"], matrix.units["fed_a"]
    assert f'href="/registrations/branch/{branch.pk}/">Phiếu đăng ký rèn luyện' in text(
        client.get(url(branch))
    )
    assert f'href="/registrations/unit/{federation.pk}/">Phiếu đăng ký rèn luyện' in text(
        client.get(url(federation))
    )
