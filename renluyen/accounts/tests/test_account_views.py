"""The accounts pages of a unit: the matrix of who may open them, and what they do."""

import pytest

from renluyen import factories
from renluyen.accounts.models import ActivationCode
from renluyen.core.policy import Action
from renluyen.core.tests import matrix as m
from renluyen.core.tests.helpers import count_queries, text
from renluyen.organizations.models import Level
from renluyen.people.models import Member


@m.covers("accounts:unit")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_accounts_page_by_role_and_unit(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.MANAGE_ACCOUNTS)
    assert client.get(f"/accounts/units/{unit.pk}/").status_code == expected
    response = client.post(f"/accounts/units/{unit.pk}/")
    assert response.status_code == (302 if expected == 200 else expected)
    members = Member.objects.filter(branch__path__startswith=unit.path)
    assert members.filter(user__isnull=True).exists() == (expected != 200)


@m.covers("accounts:sheet")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_the_activation_sheet_by_role_and_unit(client, matrix, role_key, target):
    unit = matrix.units[m.target_of(role_key, target)]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.MANAGE_ACCOUNTS)
    response = client.post(f"/accounts/units/{unit.pk}/sheet/")
    if expected == 200 and unit.level != Level.BRANCH:
        expected = 302  # sheets are per branch: back to the unit's accounts page
    assert response.status_code == expected
    printed = ActivationCode.objects.filter(member__branch=unit).count()
    assert printed == (1 if expected == 200 else 0)


@m.covers("accounts:member_code")
@pytest.mark.parametrize(("role_key", "target"), m.CASES)
def test_reissuing_a_code_by_role_and_unit(client, matrix, role_key, target):
    key = m.target_of(role_key, target)
    member = matrix.members[key]
    client.force_login(matrix.users[role_key])
    expected = m.expected_status(role_key, target, Action.MANAGE_ACCOUNTS)
    response = client.post(f"/accounts/members/{member.pk}/code/")
    assert response.status_code == expected
    assert ActivationCode.objects.filter(member=member).exists() == (expected == 200)


def test_a_reissued_code_is_shown_once_and_not_stored(client, matrix):
    member = matrix.members["branch_a1"]
    client.force_login(matrix.users["branch_committee"])
    html = text(client.post(f"/accounts/members/{member.pk}/code/"))
    code = ActivationCode.objects.get(member=member)
    shown = html.split('<p class="code">')[1].split("</p>")[0]
    assert len(shown) == 9 and shown[4] == "-"
    assert shown.replace("-", "") not in code.code_hash
    assert "Mã này chỉ hiện một lần này" in html


def test_the_sheet_lists_members_without_email_with_their_codes(client, matrix):
    branch = matrix.units["branch_a1"]
    factories.member(branch=branch, code="DV9901", name="Lý Thị Có Mail", email="a@b.vn")
    client.force_login(matrix.users["branch_secretary"])
    response = client.post(f"/accounts/units/{branch.pk}/sheet/")
    html = text(response)
    assert "no-store" in response["Cache-Control"]  # (the middleware adds "private")
    assert "DANH SÁCH MÃ KÍCH HOẠT TÀI KHOẢN ĐOÀN VIÊN" in html
    assert "Hoàng Thị Một" in html and "DV9006" in html
    assert "Lý Thị Có Mail" not in html  # she has an invitation by email
    assert "http://testserver/accounts/activate/" in html
    assert html.count('class="mono code"') == 1
    # With the box ticked, members with an email who never used the invitation too.
    html = text(client.post(f"/accounts/units/{branch.pk}/sheet/", {"with_email": "1"}))
    assert "Lý Thị Có Mail" in html and html.count('class="mono code"') == 2


def test_printing_again_makes_the_earlier_codes_stop_working(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_secretary"])
    client.post(f"/accounts/units/{branch.pk}/sheet/")
    client.post(f"/accounts/units/{branch.pk}/sheet/")
    codes = ActivationCode.objects.filter(member__branch=branch)
    assert codes.count() == 2
    assert codes.filter(revoked_at__isnull=True).count() == 1


def test_the_member_list_and_the_import_result_offer_the_action(client, matrix):
    branch = matrix.units["branch_a1"]
    client.force_login(matrix.users["branch_deputy"])
    html = text(client.get(f"/members/?unit={branch.pk}"))
    assert f'action="/accounts/units/{branch.pk}/"' in html and "Tạo tài khoản" in html
    client.force_login(matrix.users["supervisor"])
    assert "/accounts/units/" not in text(client.get(f"/members/?unit={branch.pk}"))


def test_the_accounts_page_counts_and_its_queries_do_not_grow(client, matrix):
    base = matrix.units["base"]
    client.force_login(matrix.users["office"])
    html = text(client.get(f"/accounts/units/{base.pk}/"))
    assert "Tạo tài khoản cho 7 đoàn viên" in html
    few = count_queries(lambda: client.get(f"/accounts/units/{base.pk}/"))
    for i in range(10):
        branch = factories.unit(parent=matrix.units["fed_b"], name=f"Chi đoàn thêm {i}")
        for _ in range(3):
            factories.member(branch=branch, email="x@y.vn")
    assert count_queries(lambda: client.get(f"/accounts/units/{base.pk}/")) == few
    client.post(f"/accounts/units/{base.pk}/")
    html = text(client.get(f"/accounts/units/{base.pk}/"))
    assert "Mọi đoàn viên đang sinh hoạt đều đã có tài khoản." in html
