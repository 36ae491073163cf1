"""Submissions reach the committee in batches (issue 10, item 4): one notification for
the forms that came since they last read or got their digest, saying who typed a paper
form in and which forms are additions."""

import pytest
from django.core.management import call_command

from renluyen import factories
from renluyen.notifications.models import Notification
from renluyen.organizations.models import Role
from renluyen.registrations import services


@pytest.fixture
def program(org):
    return factories.program(unit=org["base"])


@pytest.fixture
def secretary(org):
    user = factories.user(email="bithu@example.org", first_name="Bình", last_name="Nguyễn Thị")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


def submit(org, program, name, **kwargs):
    member = factories.member(branch=org["branch_a1"], user=factories.user(), name=name)
    return factories.registration(factories.enroll(program, member), submit=True, **kwargs)


def batches(user):
    return list(Notification.objects.filter(user=user, verb="registration.submitted"))


def test_forty_three_forms_make_one_notification(org, program, secretary):
    for n in range(43):
        submit(org, program, f"Đoàn viên {n:02d}")
    [batch] = batches(secretary)
    assert batch.message.startswith("43 phiếu mới chờ xác nhận (Chi đoàn A1): Đoàn viên 00, ")
    assert batch.message.endswith("Đoàn viên 04 và 38 người khác.")
    assert batch.url == f"/registrations/branch/{org['branch_a1'].pk}/?program={program.pk}"


def test_a_read_batch_is_closed_and_the_next_form_starts_another(org, program, secretary):
    submit(org, program, "Lê Thị Hoa")
    submit(org, program, "Trần Văn An")
    Notification.objects.filter(user=secretary).update(read_at="2026-01-01T00:00Z")
    submit(org, program, "Phạm Minh Châu")
    newest, older = batches(secretary)
    assert newest.message == "Đoàn viên Phạm Minh Châu đã nộp phiếu đăng ký rèn luyện."
    assert older.data["count"] == 2


def test_a_digest_closes_the_batch(org, program, secretary, mailoutbox):
    submit(org, program, "Lê Thị Hoa")
    call_command("send_notification_digests")
    submit(org, program, "Trần Văn An")
    assert [b.data["count"] for b in batches(secretary)] == [1, 1]
    mailoutbox.clear()
    call_command("send_notification_digests")
    assert "Trần Văn An" in mailoutbox[0].body and "Lê Thị Hoa" not in mailoutbox[0].body


def test_a_paper_form_says_who_typed_it_in(org, program, secretary):
    member = factories.member(branch=org["branch_a1"], name="Lê Thị Hoa")
    enrollment = factories.enroll(program, member)
    registration = services.registration_save(
        enrollment=enrollment,
        user=secretary,
        drafts=factories.drafts(program),
        screen="paper",
        on_paper=True,
    )
    services.registration_submit(registration=registration, user=secretary, screen="paper")
    [batch] = batches(secretary)
    assert (
        batch.message == "Nguyễn Thị Bình đã nhập phiếu giấy của đoàn viên Lê Thị Hoa và nộp phiếu."
    )


def test_an_addition_says_it_is_one(org, program, secretary):
    registration = submit(org, program, "Lê Thị Hoa", confirm_by=secretary)
    Notification.objects.all().delete()
    member_user = registration.enrollment.member.user
    services.registration_start_supplement(registration=registration, user=member_user)
    registration.refresh_from_db()
    drafts = factories.drafts(program, per_area=3)
    services.registration_save(
        enrollment=registration.enrollment, user=member_user, drafts=drafts, version=None
    )
    registration.refresh_from_db()
    services.registration_submit(registration=registration, user=member_user)
    [batch] = batches(secretary)
    assert batch.message == "Đoàn viên Lê Thị Hoa đã nộp phiếu đăng ký bổ sung."


def test_older_notifications_still_read(secretary):
    """One made before batches (one per form) says what it said."""
    old = Notification.objects.create(
        user=secretary,
        verb="registration.submitted",
        data={"member": "Lê Thị Hoa", "branch": "Chi đoàn A1"},
    )
    assert old.message == "Đoàn viên Lê Thị Hoa đã nộp phiếu đăng ký rèn luyện."
