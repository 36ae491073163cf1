"""Registration figures of every branch under a federation or base Union, read-only."""

import re

import pytest

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level


def enrolled(branch, program):
    member = factories.member(branch=branch, user=factories.user())
    return factories.enroll(program, member)


@pytest.fixture
def forms(org, people, program):
    """A1: 2 confirmed, 1 submitted, 1 not registered. A2: 1 draft. B1: 1 returned."""
    secretary = people["secretary_a1"]
    for _i in range(2):
        factories.registration(enrolled(org["branch_a1"], program), confirm_by=secretary)
    factories.registration(enrolled(org["branch_a1"], program), submit=True)
    enrolled(org["branch_a1"], program)
    factories.registration(enrolled(org["branch_a2"], program))
    returned = factories.registration(enrolled(org["branch_b1"], program), submit=True)
    from renluyen.registrations import services

    services.registration_return(
        registration=returned, user=people["secretary_b1"], general="Viết rõ hơn giải pháp."
    )


def overview(client, user, unit, **query):
    client.force_login(user)
    return client.get(f"/registrations/unit/{unit.pk}/", query)


def row(html, name) -> list[str]:
    """The numbers of the row whose first cell names `name`, in column order."""
    match = re.search(rf">{re.escape(name)}</a>.*?</tr>", html)
    assert match, name
    return re.findall(r'<td class="num"[^>]*>(\d+)</td>', match.group(0))


def total(html) -> list[str]:
    foot = re.search(r"<tfoot>.*?</tfoot>", html).group(0)
    return re.findall(r'<td class="num"[^>]*>(\d+)</td>', foot)


# Columns: enrolled, not registered, draft, awaiting, returned, confirmed, additions.


def test_the_standing_committee_sees_every_branch_of_the_base_union(client, org, people, forms):
    response = overview(client, people["standing"], org["base"])
    assert response.status_code == 200
    html = text(response)
    assert "Tình hình đăng ký rèn luyện — Đoàn trường ĐH Kinh tế" in html
    assert row(html, "Chi đoàn A1") == ["4", "1", "0", "1", "0", "2", "0"]
    assert row(html, "Chi đoàn A2") == ["1", "0", "1", "0", "0", "0", "0"]
    assert row(html, "Chi đoàn B1") == ["1", "0", "0", "0", "1", "0", "0"]
    assert total(html) == ["6", "1", "1", "1", "1", "2", "0"]
    assert "3 chi đoàn" in html
    assert 'data-label="Chờ xác nhận"' in html and "Tổng cộng" in html


def test_each_branch_links_to_its_forms_for_the_same_program(client, org, people, program):
    html = text(overview(client, people["standing"], org["base"]))
    assert f'href="/registrations/branch/{org["branch_a1"].pk}/?program={program.pk}"' in html


def test_a_federation_sees_only_its_branches(client, org, people, forms):
    html = text(overview(client, people["fed_a"], org["fed_a"]))
    assert "Chi đoàn A1" in html and "Chi đoàn A2" in html and "Chi đoàn B1" not in html
    assert total(html) == ["5", "1", "1", "1", "0", "2", "0"]


@pytest.mark.parametrize(("user_key", "unit_key"), [("fed_a", "fed_b"), ("fed_a", "base")])
def test_a_unit_out_of_reach_is_404(client, org, people, user_key, unit_key):
    assert overview(client, people[user_key], org[unit_key]).status_code == 404


def test_a_member_gets_404(client, org, program):
    member = factories.member(branch=org["branch_a1"], user=factories.user())
    assert overview(client, member.user, org["fed_a"]).status_code == 404


def test_a_branch_address_leads_to_the_branch_page(client, org, people):
    response = overview(client, people["secretary_a1"], org["branch_a1"])
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/branch/{org['branch_a1'].pk}/"


def test_members_of_a_sub_branch_count_in_their_branch(client, org, people, program):
    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"], name="Phân đoàn 1")
    enrolled(sub, program)
    html = text(overview(client, people["fed_a"], org["fed_a"]))
    assert row(html, "Chi đoàn A1") == ["1", "1", "0", "0", "0", "0", "0"]


def test_a_program_of_another_base_union_is_404(client, org, people):
    other = factories.program(unit=factories.unit(level=Level.BASE, parent=org["upper"]))
    assert overview(client, people["standing"], org["base"], program=other.pk).status_code == 404


def test_without_a_program_it_says_so(client, org, people):
    html = text(overview(client, people["standing"], org["base"]))
    assert "Chưa có chương trình rèn luyện nào cho đơn vị này." in html


def test_it_pages_by_fifty_branches(client, org, people, program):
    for i in range(52):
        factories.unit(parent=org["fed_b"], name=f"Chi đoàn Z{i:02d}")
    first = text(overview(client, people["standing"], org["base"]))
    assert "55 chi đoàn" in first and "Trang 1 / 2" in first
    assert first.count('<a href="/registrations/branch/') == 50
    second = text(overview(client, people["standing"], org["base"], page=2))
    assert second.count('<a href="/registrations/branch/') == 5
    assert total(second)[0] == "0"  # the total covers every branch, not just the page


def test_the_query_count_does_not_grow_with_branches_or_members(client, org, people, program):
    client.force_login(people["standing"])
    url = f"/registrations/unit/{org['base'].pk}/"

    def grow(n):
        for _i in range(n):
            branch = factories.unit(parent=org["fed_b"])
            factories.registration(enrolled(branch, program), submit=True)
            enrolled(branch, program)

    grow(1)
    small = count_queries(lambda: client.get(url))
    grow(6)
    assert count_queries(lambda: client.get(url)) == small
