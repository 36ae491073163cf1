"""Sign-in throttling (issue 13 item 4): by account and by address, with a message saying
when to try again; unlocked by time or by an administrator; activation codes and reset
links get the same protection."""

import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from renluyen import factories
from renluyen.accounts import services, throttle
from renluyen.accounts.tests.helpers import PASSWORD
from renluyen.core.tests.helpers import text

WRONG = "sai-mat-khau-1"


def _member(org, code="DV8001", email="lan@example.edu.vn"):
    user = factories.user(code, password=PASSWORD, email=email)
    return factories.member(branch=org["branch_a1"], code=code, email=email, user=user)


def _log_in(client, name, password, ip="10.1.1.1"):
    return client.post("/login/", {"username": name, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(client, org):
    _member(org)
    for _ in range(throttle.ACCOUNT_FAILURES - 1):
        assert _log_in(client, "DV8001", WRONG).status_code == 200
    locked = _log_in(client, "DV8001", WRONG)
    assert locked.status_code == 429
    html = text(locked)
    assert "Tài khoản này hoặc mạng này đã nhập sai quá nhiều lần" in html
    assert "Hãy thử lại sau" in html and "khoảng 15 phút nữa" in html
    # Locked: even the right password is refused, from any address.
    assert _log_in(client, "DV8001", PASSWORD, ip="10.9.9.9").status_code == 429
    assert "_auth_user_id" not in client.session


def test_every_way_of_naming_the_account_counts_against_it(client, org):
    _member(org)
    for name in ("DV8001", "dv8001", "LAN@example.edu.vn", "dv8001"):
        _log_in(client, name, WRONG)
    assert _log_in(client, "lan@example.edu.vn", WRONG).status_code == 429


def test_the_lock_ends_by_itself(client, org):
    _member(org)
    for _ in range(throttle.ACCOUNT_FAILURES):
        _log_in(client, "DV8001", WRONG)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        assert _log_in(client, "DV8001", PASSWORD)["Location"] == "/"


def test_an_administrator_lifts_the_lock_in_the_admin(client, org):
    _member(org)
    for _ in range(throttle.ACCOUNT_FAILURES):
        _log_in(client, "DV8001", WRONG)
    admin = factories.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = text(client.get("/admin/axes/accessattempt/"))
    assert "DV8001" in listing and "Đang bị khoá" in listing
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    client.logout()
    assert not AccessAttempt.objects.exists()
    assert _log_in(client, "DV8001", PASSWORD)["Location"] == "/"


def test_one_address_trying_many_accounts_is_locked_too(client, org):
    _member(org)
    for i in range(throttle.ADDRESS_FAILURES):
        _log_in(client, f"khong-co-{i}", WRONG, ip="10.2.2.2")
    assert _log_in(client, "DV8001", PASSWORD, ip="10.2.2.2").status_code == 429
    # Other addresses are not concerned.
    assert _log_in(client, "DV8001", PASSWORD, ip="10.3.3.3")["Location"] == "/"


def test_a_right_password_clears_the_account_s_earlier_failures(client, org):
    _member(org)
    for _ in range(throttle.ACCOUNT_FAILURES - 1):
        _log_in(client, "DV8001", WRONG)
    assert _log_in(client, "DV8001", PASSWORD)["Location"] == "/"
    client.logout()
    for _ in range(throttle.ACCOUNT_FAILURES - 1):
        assert _log_in(client, "DV8001", WRONG).status_code == 200


def test_wrong_activation_codes_lock_the_member_s_account(client, org):
    member = _member(org)
    member.user.set_unusable_password()
    member.user.save()
    secretary = factories.user()
    factories.role(secretary, org["branch_a1"], "branch_secretary")
    code = services.activation_code_reissue(member=member, user=secretary).code
    data = {"member_code": "DV8001", "password": PASSWORD, "password2": PASSWORD}
    for i in range(throttle.ACCOUNT_FAILURES - 1):
        response = client.post("/accounts/activate/", {**data, "code": f"AAAA-AAA{i + 2}"})
        assert response.status_code == 200
    assert client.post("/accounts/activate/", {**data, "code": "BBBB-BBBB"}).status_code == 429
    # Even the right code waits for the lock to end.
    assert client.post("/accounts/activate/", {**data, "code": code}).status_code == 429
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        assert client.post("/accounts/activate/", {**data, "code": code})["Location"] == "/"


def test_wrong_reset_links_lock_the_account_and_the_address(client, org):
    member = _member(org)
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(str(member.user_id).encode())
    for i in range(throttle.ACCOUNT_FAILURES - 1):
        assert client.get(f"/reset/{uid}/abc-{i}/").status_code == 200
    assert client.get(f"/reset/{uid}/abc-x/").status_code == 429
    assert _log_in(client, "DV8001", PASSWORD, ip="10.7.7.7").status_code == 429
    # A link naming no account counts against the address only.
    for i in range(3):
        assert client.get(f"/accounts/invitation/MTIzNDU2Nzg/abc-{i}/").status_code == 200
