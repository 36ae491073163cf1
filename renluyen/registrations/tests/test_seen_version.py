"""A reviewer confirms or returns the form they read: a form changed since the page showed
it (withdrawn, rewritten and resubmitted; returned or confirmed by a colleague) is refused
with what happened and who did it, on the review page and in the bulk confirmation."""

import pytest

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.organizations.models import Role
from renluyen.registrations import services
from renluyen.registrations.models import Registration, State

NEW_SOLUTION = "Đọc lại toàn bộ giáo trình và tham gia câu lạc bộ lý luận mỗi tuần"


@pytest.fixture
def submitted(enrollment):
    return factories.registration(enrollment, submit=True)


@pytest.fixture
def deputy(org):
    user = factories.user(first_name="Bình", last_name="Phạm Văn")
    factories.role(user, org["branch_a1"], Role.BRANCH_DEPUTY)
    return user


def rewrite_and_resubmit(registration):
    """The member takes the form back, rewrites every solution and sends it again."""
    user = registration.enrollment.member.user
    registration = services.registration_withdraw(registration=registration, user=user)
    drafts = [
        services.ItemDraft(
            area=item.area, kind=item.kind, criterion=item.criterion, solution=NEW_SOLUTION
        )
        for item in services.items_of(registration)
    ]
    registration = services.registration_save(
        enrollment=registration.enrollment, user=user, drafts=drafts
    )
    return services.registration_submit(registration=registration, user=user)


def review_url(enrollment) -> str:
    return f"/registrations/{enrollment.pk}/review/"


@pytest.mark.parametrize("action", ["confirm", "return"])
def test_a_decision_on_a_form_rewritten_since_is_refused_and_the_new_content_shown(
    client, people, enrollment, submitted, action
):
    seen = submitted.version
    rewrite_and_resubmit(submitted)
    client.force_login(people["secretary_a1"])
    response = client.post(
        review_url(enrollment),
        {"action": action, "version": seen, "comment": "Cần cụ thể hơn"},
        follow=True,
    )
    html = text(response)
    assert "Chưa thực hiện: phiếu đã thay đổi sau khi bạn mở trang." in html
    assert "Đoàn viên đã sửa và gửi lại phiếu" in html
    assert NEW_SOLUTION in html  # the new content, to read before deciding again
    assert "Cần cụ thể hơn" in html  # what the reviewer typed is kept
    registration = Registration.objects.get(pk=submitted.pk)
    assert registration.state == State.SUBMITTED and registration.confirmed_at is None


def test_the_decision_goes_through_with_the_version_now_shown(
    client, people, enrollment, submitted
):
    rewrite_and_resubmit(submitted)
    client.force_login(people["secretary_a1"])
    page = text(client.get(review_url(enrollment)))
    version = Registration.objects.get(pk=submitted.pk).version
    assert f'name="version" value="{version}"' in page
    client.post(review_url(enrollment), {"action": "confirm", "version": version})
    assert Registration.objects.get(pk=submitted.pk).state == State.CONFIRMED


def test_a_post_without_a_version_decides_nothing(client, people, enrollment, submitted):
    client.force_login(people["secretary_a1"])
    response = client.post(review_url(enrollment), {"action": "confirm"}, follow=True)
    assert "phiếu đã thay đổi sau khi bạn mở trang" in text(response)
    assert Registration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_the_service_refuses_a_stale_version(people, submitted):
    seen = submitted.version
    rewrite_and_resubmit(submitted)
    with pytest.raises(DomainError):
        services.registration_confirm(
            registration=submitted, user=people["secretary_a1"], version=seen
        )


def test_a_colleagues_confirmation_is_named(client, people, enrollment, submitted, deputy):
    seen = submitted.version
    services.registration_confirm(registration=submitted, user=deputy, version=seen)
    client.force_login(people["secretary_a1"])
    response = client.post(
        review_url(enrollment), {"action": "confirm", "version": seen}, follow=True
    )
    assert "Phiếu đã được Phạm Văn Bình xác nhận trong khi bạn đang xem." in text(response)


def test_bulk_confirm_names_who_returned_a_form_meanwhile(
    client, org, people, program, enrollment, submitted, deputy
):
    other = factories.enroll(
        program, factories.member(branch=org["branch_a1"], name="Đỗ Văn Tốt", user=factories.user())
    )
    other_form = factories.registration(other, submit=True)
    client.force_login(people["secretary_a1"])
    path = f"/registrations/branch/{org['branch_a1'].pk}/"
    page = text(client.get(path))
    versions = {
        f"version-{e.pk}": r.version for e, r in [(enrollment, submitted), (other, other_form)]
    }
    assert all(f'name="{k}" value="{v}"' in page for k, v in versions.items())
    # Meanwhile the deputy returns Lê Thị Hoa's form.
    services.registration_return(registration=submitted, user=deputy, general="Thiếu giải pháp")

    response = client.post(path, {"enrollment": [enrollment.pk, other.pk], **versions}, follow=True)
    html = text(response)
    assert "Đã xác nhận 1 phiếu." in html
    assert "Bỏ qua 1 phiếu đã thay đổi sau khi danh sách được hiển thị:" in html
    assert "Lê Thị Hoa" in html and "đã được Phạm Văn Bình trả lại cho đoàn viên lúc" in html
    assert "chưa đạt yêu cầu" not in html
    assert Registration.objects.get(pk=submitted.pk).state == State.RETURNED
    assert Registration.objects.get(pk=other_form.pk).state == State.CONFIRMED
