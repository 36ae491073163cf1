"""Members sign in with their member code (any case) or their email (issue 9 item 1)."""

from renluyen import factories
from renluyen.accounts.tests.helpers import PASSWORD


def _member_with_account(branch, **extra):
    user = factories.user(password=PASSWORD)
    return factories.member(branch=branch, user=user, **extra)


def _log_in(client, name, password=PASSWORD):
    return client.post("/login/", {"username": name, "password": password})


def test_by_member_code_in_any_case(client, org):
    member = _member_with_account(org["branch_a1"], code="QH2026E001")
    assert _log_in(client, "qh2026e001")["Location"] == "/"
    assert client.session["_auth_user_id"] == str(member.user_id)


def test_by_email(client, org):
    member = _member_with_account(org["branch_a1"], email="Lan.Nguyen@example.edu.vn")
    assert _log_in(client, "lan.nguyen@EXAMPLE.edu.vn")["Location"] == "/"
    assert client.session["_auth_user_id"] == str(member.user_id)


def test_an_email_shared_by_two_accounts_names_nobody(client, org):
    _member_with_account(org["branch_a1"], email="chung@example.edu.vn")
    _member_with_account(org["branch_a2"], email="chung@example.edu.vn")
    assert _log_in(client, "chung@example.edu.vn").status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_keep_their_username_and_a_wrong_password_is_refused(client, org):
    factories.user("vanphong", password=PASSWORD)
    _member_with_account(org["branch_a1"], code="DV1")
    assert _log_in(client, "DV1", "sai-mat-khau").status_code == 200
    assert _log_in(client, "vanphong")["Location"] == "/"


def test_a_member_whose_account_is_not_activated_cannot_sign_in(client, org):
    user = factories.user()
    user.set_unusable_password()
    user.save()
    factories.member(branch=org["branch_a1"], code="DV2", user=user)
    assert _log_in(client, "DV2", "").status_code == 200
    assert "_auth_user_id" not in client.session
