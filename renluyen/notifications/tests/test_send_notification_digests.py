"""The digest command: each committee member gets ONE email with every submission since
the last run (one batch: "5 phiếu mới chờ xác nhận"); a second run sends nothing."""

import pytest
from django.core.management import call_command

from renluyen import factories
from renluyen.notifications import services as notification_services
from renluyen.notifications.models import Notification
from renluyen.organizations.models import Role


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def committee(org):
    secretary = factories.user(email="bithu@example.org", first_name="Bình", last_name="Nguyễn Thị")
    deputy = factories.user(email="phobithu@example.org")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    factories.role(deputy, org["branch_a1"], Role.BRANCH_DEPUTY)
    return [secretary, deputy]


@pytest.fixture
def five_submissions(org, program, committee):
    names = ["Lê Thị Hoa", "Trần Văn An", "Phạm Minh Châu", "Đỗ Thu Hà", "Vũ Quang Nam"]
    for name in names:
        member = factories.member(branch=org["branch_a1"], user=factories.user(), name=name)
        factories.registration(factories.enroll(program, member), submit=True)
    return names


def run(capsys) -> str:
    call_command("send_notification_digests")
    return capsys.readouterr().out


def test_each_committee_member_gets_one_email_listing_all_five(
    five_submissions, committee, mailoutbox, capsys, settings
):
    settings.SITE_URL = "https://renluyen.example.edu.vn/"
    assert mailoutbox == []  # submissions wait for the digest
    out = run(capsys)
    assert "2 digest email(s) queued; 2 email(s) sent" in out
    assert sorted(email.to[0] for email in mailoutbox) == [
        "bithu@example.org",
        "phobithu@example.org",
    ]
    for email in mailoutbox:
        # The five forms came as one batch: one line, every name in it.
        assert email.subject == "[Rèn luyện đoàn viên] 1 thông báo mới"
        assert "5 phiếu mới chờ xác nhận (Chi đoàn A1): " + ", ".join(five_submissions) in (
            email.body
        )
        assert email.body.count("https://renluyen.example.edu.vn/registrations/branch/") == 1
        assert "https://renluyen.example.edu.vn/notifications/" in email.body
    to_secretary = next(e for e in mailoutbox if e.to == ["bithu@example.org"])
    assert to_secretary.body.startswith("Xin chào Nguyễn Thị Bình,")
    assert not Notification.objects.filter(digest=True, emailed_at__isnull=True).exists()


def test_a_second_run_sends_nothing(five_submissions, mailoutbox, capsys):
    run(capsys)
    mailoutbox.clear()
    assert "0 digest email(s) queued; 0 email(s) sent" in run(capsys)
    assert mailoutbox == []


def test_a_later_submission_goes_in_the_next_digest_alone(
    org, program, five_submissions, mailoutbox, capsys
):
    run(capsys)
    mailoutbox.clear()
    member = factories.member(branch=org["branch_a1"], user=factories.user(), name="Hồ Văn Sáu")
    factories.registration(factories.enroll(program, member), submit=True)
    run(capsys)
    assert len(mailoutbox) == 2
    assert all("Hồ Văn Sáu" in e.body and "Lê Thị Hoa" not in e.body for e in mailoutbox)


def test_notifications_already_claimed_by_another_run_are_not_sent_again(
    five_submissions, mailoutbox, monkeypatch
):
    real_claim = notification_services._claim

    def raced(ids):
        # Another run claims these rows between this run's listing and its claim.
        real_claim(ids)
        return real_claim(ids)

    monkeypatch.setattr(notification_services, "_claim", raced)
    assert notification_services.send_digests() == 0
    assert mailoutbox == []


def test_a_committee_member_without_an_address_is_skipped(org, program, mailoutbox, capsys):
    factories.role(factories.user(), org["branch_a1"], Role.BRANCH_SECRETARY)
    member = factories.member(branch=org["branch_a1"], user=factories.user())
    factories.registration(factories.enroll(program, member), submit=True)
    assert "0 digest email(s) queued; 0 email(s) sent" in run(capsys)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
