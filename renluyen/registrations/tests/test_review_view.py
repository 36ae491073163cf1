"""One form as the branch committee reviews it: comment, return, confirm, suggest, extend;
read-only for the units above; 404 for everyone else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import text
from renluyen.registrations.models import Comment, Extension, Item, Registration, State, Suggestion


@pytest.fixture
def enrollment(org, program):
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", code="DV0101", user=factories.user()
    )
    return factories.enroll(program, member)


@pytest.fixture
def submitted(enrollment):
    return factories.registration(enrollment, submit=True)


def url(enrollment) -> str:
    return f"/registrations/{enrollment.pk}/review/"


def open_as(client, user, enrollment):
    client.force_login(user)
    return client.get(url(enrollment))


def post_as(client, user, enrollment, follow=False, **data):
    """Post as the page does: with the version of the form the page showed."""
    client.force_login(user)
    registration = Registration.objects.filter(enrollment=enrollment).first()
    if registration is not None:
        data.setdefault("version", registration.version)
    return client.post(url(enrollment), data, follow=follow)


def first_item(registration) -> Item:
    return registration.items.order_by("area__number", "pk").first()


def test_the_secretary_sees_the_member_the_state_and_every_criterion(
    client, people, enrollment, submitted
):
    response = open_as(client, people["secretary_a1"], enrollment)
    assert response.status_code == 200
    html = text(response)
    assert "Phiếu đăng ký rèn luyện — Lê Thị Hoa" in html
    assert "DV0101" in html and "Chi đoàn A1" in html
    assert "Đã nộp, chờ xác nhận" in html
    assert "Phiếu đạt yêu cầu: 10 tiêu chí." in html
    assert html.count('class="rv-item') == 10
    assert html.count('<section class="card rv-area"') == 5
    assert factories.GOOD_SOLUTION in html
    for item in submitted.items.all():
        assert f'name="comment-{item.pk}"' in html
    assert "Trả lại để sửa" in html and ">Xác nhận</button>" in html
    assert f"/registrations/{enrollment.pk}/history/" in html
    assert f"/registrations/{enrollment.pk}/print/" in html


def test_the_rule_problems_are_shown_beside_the_criterion(client, people, enrollment, submitted):
    item = first_item(submitted)
    Item.objects.filter(pk=item.pk).update(solution="......")
    html = text(open_as(client, people["secretary_a1"], enrollment))
    assert "Phiếu chưa đạt yêu cầu (1 lỗi):" in html
    block = html.split(f'id="item-{item.pk}"')[1].split("</li>")[0]
    assert "Giải pháp chỉ có dấu câu; hãy viết việc bạn sẽ làm." in block


def test_the_secretary_of_another_branch_gets_404(client, people, enrollment, submitted):
    assert open_as(client, people["secretary_b1"], enrollment).status_code == 404
    response = post_as(client, people["secretary_b1"], enrollment, action="confirm")
    assert response.status_code == 404
    assert Registration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_member_cannot_see_another_members_review(client, org, program, enrollment, submitted):
    other = factories.member(branch=org["branch_a1"], user=factories.user())
    factories.enroll(program, other)
    assert open_as(client, other.user, enrollment).status_code == 404


def test_a_member_opening_their_own_review_goes_to_their_form(client, enrollment, submitted):
    response = open_as(client, enrollment.member.user, enrollment)
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/{enrollment.pk}/"
    response = post_as(client, enrollment.member.user, enrollment, action="confirm")
    assert response.status_code == 403


def test_the_federation_sees_the_form_read_only(client, people, enrollment, submitted):
    html = text(open_as(client, people["fed_a"], enrollment))
    assert "Lê Thị Hoa" in html and factories.GOOD_SOLUTION in html
    assert "Trả lại để sửa" not in html and 'name="comment-' not in html
    assert 'value="suggest"' not in html and 'value="extend"' not in html
    for action in ("confirm", "return", "suggest", "extend"):
        assert post_as(client, people["fed_a"], enrollment, action=action).status_code == 403
    assert Registration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_the_standing_committee_sees_it_read_only(client, people, enrollment, submitted):
    assert open_as(client, people["standing"], enrollment).status_code == 200
    assert post_as(client, people["standing"], enrollment, action="confirm").status_code == 403


def test_a_return_without_any_comment_is_refused(client, people, enrollment, submitted):
    response = post_as(client, people["secretary_a1"], enrollment, action="return", comment="  ")
    assert response.status_code == 200
    assert "Hãy ghi ít nhất một nhận xét để đoàn viên biết cần sửa gì." in text(response)
    assert Registration.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_return_with_a_comment_on_one_criterion(client, people, enrollment, submitted):
    item = first_item(submitted)
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        follow=True,
        action="return",
        **{f"comment-{item.pk}": "Ghi rõ mỗi tháng đọc mấy cuốn sách."},
    )
    html = text(response)
    assert "Đã trả lại phiếu cho Lê Thị Hoa kèm nhận xét của bạn." in html
    registration = Registration.objects.get(pk=submitted.pk)
    assert registration.state == State.RETURNED and registration.round == 1
    comment = Comment.objects.get(registration=registration)
    assert comment.item == item and comment.round == 1
    assert comment.text == "Ghi rõ mỗi tháng đọc mấy cuốn sách."
    assert comment.author == people["secretary_a1"]
    # The page now shows the comment under its criterion and in the history of rounds.
    assert "Lần trả lại thứ 1" in html
    assert html.count("Ghi rõ mỗi tháng đọc mấy cuốn sách.") == 2
    assert "Trả lại để sửa</button>" not in html


def test_confirming_a_valid_form(client, people, enrollment, submitted):
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        follow=True,
        action="confirm",
        comment="Phiếu tốt.",
    )
    assert "Đã xác nhận phiếu của Lê Thị Hoa." in text(response)
    registration = Registration.objects.get(pk=submitted.pk)
    assert registration.state == State.CONFIRMED
    assert registration.confirmed_by == people["secretary_a1"]
    assert not registration.items.filter(confirmed_at__isnull=True).exists()
    event = Event.objects.get(verb="registration.confirm", object_id=str(enrollment.pk))
    assert event.data["screen"] == "review"


def test_a_refused_confirmation_keeps_the_typed_comments(client, people, enrollment, submitted):
    item = first_item(submitted)
    Item.objects.filter(pk=item.pk).update(solution="")
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        action="confirm",
        comment="Nhận xét chung đang gõ",
        **{f"comment-{item.pk}": "Bổ sung giải pháp"},
    )
    html = text(response)
    assert "Phiếu chưa đạt yêu cầu đăng ký." in html
    assert ">Bổ sung giải pháp</textarea>" in html
    assert ">Nhận xét chung đang gõ</textarea>" in html
    assert Registration.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not Comment.objects.exists()


def test_a_form_not_awaiting_review_has_no_decision_buttons(client, people, enrollment):
    factories.registration(enrollment)
    html = text(open_as(client, people["secretary_a1"], enrollment))
    assert "Bản nháp" in html and "Trả lại để sửa" not in html
    assert f'/registrations/{enrollment.pk}/paper/">Nhập phiếu giấy' in html
    response = post_as(client, people["secretary_a1"], enrollment, action="confirm")
    assert "Chỉ xác nhận được phiếu đang chờ xác nhận." in text(response)


def test_suggesting_open_content(client, people, enrollment, program):
    area = program.areas.get(number=4)
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        follow=True,
        action="suggest",
        area=area.pk,
        text="Chạy bộ 3 buổi mỗi tuần cùng chi đoàn.",
    )
    html = text(response)
    assert "Đã gửi gợi ý cho Lê Thị Hoa." in html
    suggestion = Suggestion.objects.get(enrollment=enrollment)
    assert suggestion.area == area and suggestion.author == people["secretary_a1"]
    assert f"4. {area.title}: Chạy bộ 3 buổi mỗi tuần cùng chi đoàn." in html


def test_a_suggestion_without_area_or_text_is_refused_and_kept(client, people, enrollment):
    response = post_as(
        client, people["secretary_a1"], enrollment, action="suggest", area="", text="Đọc sách"
    )
    html = text(response)
    assert "Hãy chọn một nội dung của chương trình này." in html
    assert ">Đọc sách</textarea>" in html
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        action="suggest",
        area=enrollment.program.areas.first().pk,
        text=" ... ",
    )
    assert "Hãy ghi nội dung gợi ý." in text(response)
    assert not Suggestion.objects.exists()


def test_granting_an_extension_shows_the_new_deadline(client, people, enrollment):
    """One phrasing for every deadline, the committee's as the member's: "trước ngày"; the
    new one typed that way too, day first."""
    due = timezone.localdate() + timedelta(days=45)
    page = text(open_as(client, people["secretary_a1"], enrollment))
    deadline = enrollment.program.registration_deadline.strftime("%d/%m/%Y")
    assert f"Hạn đăng ký: trước ngày {deadline}" in page and "Hạn cuối" not in page
    response = post_as(
        client,
        people["secretary_a1"],
        enrollment,
        follow=True,
        action="extend",
        until=due.strftime("%d/%m/%Y"),
        reason="Đi thực tập ở tỉnh xa.",
    )
    html = text(response)
    day = due.strftime("%d/%m/%Y")
    assert f"Lê Thị Hoa được nộp phiếu trước ngày {day}." in html
    assert f"Hạn đăng ký: trước ngày {day}" in html
    assert f"Trước ngày {day}: Đi thực tập ở tỉnh xa." in html
    assert "Hạn cuối" not in html and "đến hết" not in html
    extension = Extension.objects.get(enrollment=enrollment)
    assert extension.until == due - timedelta(days=1)
    assert extension.granted_by == people["secretary_a1"]
    # The member's form says the same.
    client.force_login(enrollment.member.user)
    form = text(client.get(reverse("registrations:form", args=[enrollment.pk])))
    assert f"Hạn đăng ký (đã gia hạn): trước ngày {day}" in form


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        ("", "Đi thực tập ở tỉnh xa.", "Hãy nhập hạn mới theo thứ tự ngày/tháng/năm"),
        ("30/02/2001", "Đi thực tập ở tỉnh xa.", "Hãy nhập hạn mới theo thứ tự ngày/tháng/năm"),
        ("01/01/2001", "Đi thực tập ở tỉnh xa.", "Hạn mới phải sau ngày hôm nay."),
        ("tomorrow", "", "Hãy nhập hạn mới theo thứ tự ngày/tháng/năm"),
    ],
)
def test_a_bad_extension_is_refused(client, people, enrollment, until, reason, message):
    response = post_as(
        client, people["secretary_a1"], enrollment, action="extend", until=until, reason=reason
    )
    assert message in text(response)
    assert not Extension.objects.exists()


def test_an_extension_without_a_reason_is_refused(client, people, enrollment):
    until = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = post_as(
        client, people["secretary_a1"], enrollment, action="extend", until=until, reason="  "
    )
    assert "Hãy ghi lý do gia hạn." in text(response)


def test_a_member_who_has_not_registered(client, people, enrollment):
    html = text(open_as(client, people["secretary_a1"], enrollment))
    assert "Đoàn viên này chưa đăng ký rèn luyện." in html and "Chưa đăng ký" in html
    assert 'value="extend"' in html and 'value="suggest"' in html
    assert f"/registrations/{enrollment.pk}/paper/" in html
    response = post_as(client, people["secretary_a1"], enrollment, action="return", comment="x")
    assert "Đoàn viên này chưa lập phiếu." in text(response)


def test_an_unknown_action_is_refused_politely(client, people, enrollment, submitted):
    response = post_as(client, people["secretary_a1"], enrollment, action="delete")
    assert response.status_code == 200 and "Hãy bấm một nút trên trang." in text(response)
