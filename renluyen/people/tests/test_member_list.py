"""The list of members: only members within the user's reach, with search and paging."""

import re

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.people.models import MemberStatus, MemberType


def codes(html) -> set[str]:
    """Member codes listed in the table."""
    return set(re.findall(r"<td[^>]*>(DV\d{4})</td>", html))


def rows(html) -> int:
    return len(re.findall(r'<tr><td><a href="/members/\d+/">', html))


def test_it_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/members/"


@pytest.mark.parametrize("role_key", list(m.ROLES))
def test_it_lists_exactly_the_members_the_role_reaches(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    html = text(client.get("/members/"))
    expected = {m.MEMBERS[key][0] for key in m.reach(role_key)}
    if role_key == "member" or "branch_a1" in m.reach(role_key):
        expected.add(m.OWN_MEMBER[0])  # the member account's own record, in Chi đoàn A1
    assert codes(html) == expected
    assert f"{len(expected)} đoàn viên" in html


def test_a_member_sees_only_themself(client, matrix):
    client.force_login(matrix.users["member"])
    html = text(client.get("/members/"))
    assert codes(html) == {"DV9010"} and "Ngô Minh Đức" in html


@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_roles_by_unit_asked_for(client, matrix, role_key, target):
    unit_key = m.target_of(role_key, target)
    client.force_login(matrix.users[role_key])
    response = client.get("/members/", {"unit": matrix.units[unit_key].pk})
    if not m.sees(role_key, target):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = text(response)
    assert f"<h1>Đoàn viên — {matrix.units[unit_key].name}</h1>" in html
    below = m.REACH.get(unit_key, {unit_key})  # the unit and every unit below it
    expected = {m.MEMBERS[key][0] for key in below}
    if "branch_a1" in below:
        expected.add(m.OWN_MEMBER[0])
    assert codes(html) == expected


def test_a_unit_that_does_not_exist_is_404_and_a_malformed_one_is_ignored(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    assert client.get("/members/", {"unit": 987654}).status_code == 404
    response = client.get("/members/", {"unit": "abc"})
    assert response.status_code == 200 and "8 đoàn viên" in text(response)


@pytest.fixture
def big_branch(matrix):
    """Chi đoàn K with 120 members: Nguyễn Văn K001 (DV1001) ... Nguyễn Văn K120 (DV1120)."""
    branch = factories.unit(parent=matrix.units["fed_a"], name="Chi đoàn K")
    for i in range(1, 121):
        factories.member(branch=branch, name=f"Nguyễn Văn K{i:03d}", code=f"DV{1000 + i}")
    return branch


def test_it_pages_by_fifty(client, matrix, big_branch):
    client.force_login(matrix.users["federation_committee"])
    first = text(client.get("/members/", {"unit": big_branch.pk}))
    assert "120 đoàn viên" in first and "Trang 1 / 3" in first and rows(first) == 50
    assert "Nguyễn Văn K001" in first and "Nguyễn Văn K051" not in first
    second = text(client.get("/members/", {"unit": big_branch.pk, "page": 2}))
    assert "Nguyễn Văn K051" in second and "Nguyễn Văn K100" in second and rows(second) == 50
    last = text(client.get("/members/", {"unit": big_branch.pk, "page": 3}))
    assert "Trang 3 / 3" in last and rows(last) == 20 and "Nguyễn Văn K120" in last
    assert "Trang 3 / 3" in text(client.get("/members/", {"unit": big_branch.pk, "page": 99}))
    assert "Trang 1 / 3" in text(client.get("/members/", {"unit": big_branch.pk, "page": "x"}))


def test_the_next_page_link_keeps_the_unit_and_the_search(client, matrix, big_branch):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get("/members/", {"unit": big_branch.pk, "q": "Nguyễn Văn K0"}))
    assert "99 đoàn viên" in html and "Trang 1 / 2" in html
    link = re.search(r'<a href="([^"]+)">Trang sau', html).group(1).replace("&amp;", "&")
    nxt = text(client.get("/members/" + link))
    assert "Trang 2 / 2" in nxt and rows(nxt) == 49 and "Nguyễn Văn K099" in nxt


@pytest.fixture
def named(matrix):
    branch = matrix.units["branch_a2"]
    factories.member(branch=branch, name="Nguyễn Thị Ánh", code="DV8001", email="nta2002@dhkt.vn")
    factories.member(branch=branch, name="Trần Thị Ánh Dương", code="DV8002")
    factories.member(branch=branch, name="Nguyễn Văn Anh", code="DV8003")
    factories.member(
        branch=branch, name="Lê Đức Thắng", code="DV8004", member_type=MemberType.LECTURER
    )
    factories.member(branch=branch, name="Phạm Thu Hà", code="DV8005", status=MemberStatus.LEFT)
    return branch


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Typed with diacritics, they count: "Ánh" is not "Anh".
        ("Ánh", {"DV8001", "DV8002"}),
        ("Thị Ánh", {"DV8001", "DV8002"}),
        ("nguyễn thị", {"DV8001"}),
        ("ĐỨC THẮNG", {"DV8004"}),
        # Typed without (as on many phones), they are ignored.
        ("  Anh  ", {"DV8001", "DV8002", "DV8003"}),
        ("nguyen thi anh", {"DV8001"}),
        ("duc thang", {"DV8004"}),
        # Every word must be found, in any order.
        ("Ánh Nguyễn", {"DV8001"}),
        ("Ánh Lê", set()),
        ("DV8003", {"DV8003"}),
        ("dv800", {"DV8001", "DV8002", "DV8003", "DV8004", "DV8005"}),
        ("nta2002@", {"DV8001"}),
        ("Không Ai", set()),
    ],
)
def test_it_searches_by_name_with_diacritics_code_or_email(client, matrix, named, query, expected):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get("/members/", {"unit": named.pk, "q": query}))
    assert codes(html) == expected
    if not expected:
        assert "Không có đoàn viên nào phù hợp." in html


def test_a_lowercase_search_finds_a_capitalised_vietnamese_letter(client, matrix, named):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get("/members/", {"unit": named.pk, "q": "đức thắng"}))
    assert codes(html) == {"DV8004"}


def test_it_filters_by_member_type_and_status(client, matrix, named):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get("/members/", {"unit": named.pk, "type": MemberType.LECTURER}))
    assert codes(html) == {"DV8004"}
    html = text(client.get("/members/", {"unit": named.pk, "status": MemberStatus.LEFT}))
    assert codes(html) == {"DV8005"}
    # Unknown values are ignored, not an error.
    html = text(client.get("/members/", {"unit": named.pk, "type": "alien", "status": "x"}))
    assert len(codes(html)) == 6


def test_a_search_never_reaches_outside_the_users_units(client, matrix):
    client.force_login(matrix.users["branch_secretary"])
    html = text(client.get("/members/", {"q": "Bùi Thị Hai"}))  # a member of Chi đoàn A2
    assert codes(html) == set() and "0 đoàn viên" in html


def test_its_query_count_does_not_grow_with_members(
    client, matrix, big_branch, django_assert_max_num_queries
):
    client.force_login(matrix.users["standing_committee"])
    few = count_queries(lambda: client.get("/members/", {"q": "Hoàng"}))
    with django_assert_max_num_queries(few):
        assert rows(text(client.get("/members/"))) == 50
    with django_assert_max_num_queries(few + 1):  # + the unit asked for
        assert rows(text(client.get("/members/", {"unit": big_branch.pk, "page": 2}))) == 50
