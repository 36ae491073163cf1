"""The list of units: only the user's reach, with search and paging."""

import pytest

from renluyen import factories
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level, Role


def test_it_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/units/"


@pytest.mark.parametrize("role_key", list(m.ROLES))
def test_it_lists_exactly_the_units_the_role_reaches(client, matrix, role_key):
    client.force_login(matrix.users[role_key])
    html = text(client.get("/units/"))
    for key, unit in matrix.units.items():
        link = f'<a href="/units/{unit.pk}/">{unit.name}</a>'
        assert (link in html) is (key in m.reach(role_key)), key
    assert f"{len(m.reach(role_key))} đơn vị" in html


@pytest.fixture
def many_branches(matrix):
    """Liên chi đoàn B with 120 branches in all, and a secretary of the federation."""
    fed = matrix.units["fed_b"]
    for i in range(1, 120):
        factories.unit(parent=fed, name=f"Chi đoàn K{i:03d}", code=f"CD-K{i:03d}")
    user = factories.user()
    factories.role(user, fed, Role.FEDERATION_COMMITTEE)
    return user


def rows(html) -> int:
    return html.count('<tr><td><a href="/units/')


def test_it_pages_by_fifty(client, many_branches):
    client.force_login(many_branches)
    first = text(client.get("/units/"))
    assert "121 đơn vị" in first and "Trang 1 / 3" in first and rows(first) == 50
    last = text(client.get("/units/?page=3"))
    assert "Trang 3 / 3" in last and rows(last) == 21
    # A page number out of range, or not a number, gives the nearest page.
    assert "Trang 3 / 3" in text(client.get("/units/?page=99"))
    assert "Trang 1 / 3" in text(client.get("/units/?page=abc"))


def test_paging_keeps_the_search(client, many_branches):
    client.force_login(many_branches)
    html = text(client.get("/units/?q=K0&page=2"))
    # K001–K099 match "K0": 99 branches, page 2 of 2.
    assert "99 đơn vị" in html and "Trang 2 / 2" in html
    assert 'href="?q=K0&amp;page=1"' in html


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("Liên chi", ["Liên chi đoàn A", "Liên chi đoàn B"], ["Chi đoàn A1"]),
        ("Phân đoàn", ["Phân đoàn A1.1"], ["Chi đoàn A1"]),
        ("ĐH Kinh tế", ["Đoàn trường ĐH Kinh tế"], ["Liên chi đoàn A"]),
        ("  chi đoàn a2 ", ["Chi đoàn A2"], ["Chi đoàn A1"]),
    ],
)
def test_it_searches_by_name_with_diacritics(client, matrix, query, found, not_found):
    client.force_login(matrix.users["standing_committee"])
    html = text(client.get("/units/", {"q": query}))
    for name in found:
        assert f">{name}</a>" in html
    for name in not_found:
        assert f">{name}</a>" not in html


def test_it_searches_by_code_and_filters_by_level(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    code = matrix.units["branch_b1"].code
    html = text(client.get("/units/", {"q": code}))
    assert "1 đơn vị" in html and ">Chi đoàn B1</a>" in html
    html = text(client.get("/units/", {"level": Level.FEDERATION}))
    assert "2 đơn vị" in html and ">Liên chi đoàn A</a>" in html
    # A level that does not exist is ignored rather than an error.
    assert "7 đơn vị" in text(client.get("/units/", {"level": "bogus"}))


def test_a_search_that_matches_nothing_says_so(client, matrix):
    client.force_login(matrix.users["standing_committee"])
    html = text(client.get("/units/", {"q": "không có đơn vị này"}))
    assert "0 đơn vị" in html


def test_a_search_never_reaches_outside_the_users_units(client, matrix):
    client.force_login(matrix.users["federation_committee"])
    html = text(client.get("/units/", {"q": "Chi đoàn B1"}))
    assert "0 đơn vị" in html and "Chi đoàn B1<" not in html


def test_its_query_count_does_not_grow_with_units(
    client, matrix, many_branches, django_assert_max_num_queries
):
    client.force_login(matrix.users["standing_committee"])
    few = count_queries(lambda: client.get("/units/?q=Liên"))
    with django_assert_max_num_queries(few):
        assert rows(text(client.get("/units/"))) == 50
