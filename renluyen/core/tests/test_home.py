"""The home page: each role sees its own units and their counts, never a sibling or parent."""

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Role

ROLE_LABELS_VI = {
    "branch_secretary": "Bí thư chi đoàn",
    "branch_deputy": "Phó Bí thư chi đoàn",
    "branch_committee": "Ủy viên BCH chi đoàn",
    "federation_committee": "Ủy viên BCH Liên chi đoàn",
    "supervisor": "Ủy viên BCH Đoàn trường (phụ trách đơn vị)",
    "standing_committee": "Ủy viên Ban Thường vụ Đoàn trường",
    "office": "Văn phòng Đoàn",
    "inspection": "Ủy viên Ủy ban Kiểm tra",
}


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


@pytest.mark.parametrize("role_key", [k for k in m.ROLES if k != "member"])
def test_it_shows_each_role_in_its_own_unit_in_vietnamese(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    own = matrix.units[m.target_of(role_key, "own")]
    assert f"{ROLE_LABELS_VI[role_key]} — {own.name}" in html
    # Children are listed, never the unit beside or above.
    assert matrix.units[m.target_of(role_key, "child")].name in html
    assert matrix.units[m.target_of(role_key, "sibling")].name not in html
    assert matrix.units[m.target_of(role_key, "parent")].name not in html


@pytest.mark.parametrize(
    ("role_key", "branches", "members"),
    [
        # Chi đoàn A1 holds its own member, the member account's record and Phân đoàn A1.1.
        ("branch_secretary", 1, 3),
        ("federation_committee", 2, 5),
        ("standing_committee", 3, 8),
    ],
)
def test_it_counts_only_the_branches_and_members_below_the_role(
    client, matrix, role_key, branches, members
):
    client.force_login(matrix.users[role_key])
    html = text(client.get("/"))
    assert f"{branches} chi đoàn, {members} đoàn viên" in html


def test_a_member_sees_their_own_record_and_no_unit(client, matrix):
    client.force_login(matrix.users["member"])
    html = text(client.get("/"))
    assert "Hồ sơ đoàn viên của tôi" in html
    assert "Ngô Minh Đức" in html and "DV9010" in html
    assert "Chi đoàn A1" in html  # their branch, as text
    assert "/units/" + str(matrix.units["branch_a1"].pk) not in html
    # Nobody else of the branch shows up.
    assert "Hoàng Thị Một" not in html


def test_a_user_without_role_or_record_is_told_to_ask_the_union_office(client, db):
    client.force_login(factories.user())
    html = text(client.get("/"))
    assert "Văn phòng Đoàn" in html


def test_an_ended_role_no_longer_shows(client, matrix):
    user = factories.user()
    assignment = factories.role(user, matrix.units["fed_b"], Role.FEDERATION_COMMITTEE)
    assignment.ends_on = "2000-01-01"
    assignment.save()
    client.force_login(user)
    assert "Liên chi đoàn B" not in client.get("/").content.decode()


def test_its_query_count_does_not_grow_with_members_or_units(
    client, matrix, django_assert_max_num_queries
):
    user = matrix.users["federation_committee"]
    client.force_login(user)
    few = count_queries(lambda: client.get("/"))
    for i in range(10):
        branch = factories.unit(parent=matrix.units["fed_a"], name=f"Chi đoàn thêm {i}")
        for _ in range(5):
            factories.member(branch=branch)
    with django_assert_max_num_queries(few):
        response = client.get("/")
    assert "12 chi đoàn, 55 đoàn viên" in text(response)


def test_it_greets_a_person_by_their_name_in_vietnamese_order(client, db):
    # Vietnamese names run family name, middle name, given name: Nguyễn Thị Bình.
    client.force_login(factories.user(first_name="Bình", last_name="Nguyễn Thị"))
    assert "Xin chào, Nguyễn Thị Bình" in text(client.get("/"))
