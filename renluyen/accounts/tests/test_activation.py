"""Activating an account with the printed one-time code, and the code's limits."""

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from renluyen import factories
from renluyen.accounts import services
from renluyen.accounts.models import ActivationCode
from renluyen.accounts.tests.helpers import PASSWORD
from renluyen.core.tests.helpers import text


def _code(member, by):
    return services.activation_code_reissue(member=member, user=by).code


def _activate(client, member, code, password=PASSWORD):
    return client.post(
        "/accounts/activate/",
        {"member_code": member.code, "code": code, "password": password, "password2": password},
    )


def test_a_code_activates_the_account_once(client, matrix):
    member = matrix.members["branch_a1"]
    code = _code(member, matrix.users["branch_secretary"])
    # Typed in lower case, without the dash, with the code in another case: still fine.
    response = client.post(
        "/accounts/activate/",
        {
            "member_code": member.code.lower(),
            "code": code.replace("-", "").lower(),
            "password": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert client.session["_auth_user_id"] == str(member.user_id)
    assert member.user.check_password(PASSWORD)
    assert ActivationCode.objects.get(member=member).used_at is not None

    client.logout()
    response = _activate(client, member, code, "Một-mật-khẩu-khác-99")
    assert response.status_code == 200
    assert "không khớp với một mã còn hiệu lực" in text(response)
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_an_expired_code_is_refused(client, matrix):
    member = matrix.members["branch_a1"]
    code = _code(member, matrix.users["branch_secretary"])
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        response = _activate(client, member, code)
    assert "không khớp với một mã còn hiệu lực" in text(response)
    assert not get_user_model().objects.get(pk=member.user_id).has_usable_password()


def test_a_new_code_replaces_the_old_one(client, matrix):
    member = matrix.members["branch_a1"]
    old = _code(member, matrix.users["branch_secretary"])
    new = _code(member, matrix.users["branch_committee"])
    assert "không khớp" in text(_activate(client, member, old))
    assert _activate(client, member, new).status_code == 302


def test_a_code_of_another_member_does_not_work(client, matrix):
    mine, theirs = matrix.members["branch_a1"], matrix.members["sub_a1"]
    _code(mine, matrix.users["branch_secretary"])
    code = _code(theirs, matrix.users["branch_secretary"])
    assert "không khớp" in text(_activate(client, mine, code))


def test_a_weak_password_keeps_the_code_for_another_try(client, matrix):
    member = matrix.members["branch_a1"]
    code = _code(member, matrix.users["branch_secretary"])
    response = _activate(client, member, code, "12345678")
    assert response.status_code == 200
    assert ActivationCode.objects.get(member=member).used_at is None
    assert _activate(client, member, code).status_code == 302


def test_a_member_who_left_gets_no_code(client, matrix):
    member = matrix.members["branch_a1"]
    member.status = "left"
    member.save()
    client.force_login(matrix.users["branch_secretary"])
    response = client.post(f"/accounts/members/{member.pk}/code/", follow=True)
    assert "không còn là đoàn viên đang sinh hoạt" in text(response)
    assert not ActivationCode.objects.exists()


def test_the_activation_page_is_in_vietnamese_and_linked_from_the_login_page(client, db):
    assert 'href="/accounts/activate/"' in text(client.get("/login/"))
    html = text(client.get("/accounts/activate/"))
    assert "Kích hoạt tài khoản" in html and "Mã kích hoạt" in html
    client.force_login(factories.user())
    assert client.get("/accounts/activate/")["Location"] == "/"
