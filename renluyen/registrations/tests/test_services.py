"""The registration workflow services: states, deadlines, supplements, history records."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from renluyen import factories
from renluyen.audit.models import Event
from renluyen.core.errors import DomainError
from renluyen.notifications.models import Notification
from renluyen.organizations.models import Role
from renluyen.registrations import services
from renluyen.registrations.models import Comment, Item, ItemKind, Registration, State
from renluyen.registrations.services import ItemDraft

GOOD = factories.GOOD_SOLUTION


@pytest.fixture
def secretary(org):
    user = factories.user(email="bithu@example.org")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


def events(enrollment, verb):
    """The form's history, oldest first; only `verb` when given."""
    found = Event.objects.filter(object_type="programs.enrollment", object_id=str(enrollment.pk))
    return list((found.filter(verb=verb) if verb else found).order_by("pk"))


def save(enrollment, user, drafts, **kwargs):
    return services.registration_save(enrollment=enrollment, user=user, drafts=drafts, **kwargs)


def test_a_first_save_creates_a_draft_kept_as_typed_cleaned(enrollment, member_user, program):
    drafts = factories.drafts(program)
    drafts[0].solution = "  Đọc báo Tuổi Trẻ mỗi sáng\n(ít nhất 15 phút)  "
    reg = save(enrollment, member_user, drafts)
    assert reg.state == State.DRAFT
    stored = reg.items.get(criterion=drafts[0].criterion)
    # Kept as typed, through core.text.clean: surrounding blanks go, line breaks stay.
    assert stored.solution == "Đọc báo Tuổi Trẻ mỗi sáng\n(ít nhất 15 phút)"
    assert [e.verb for e in events(enrollment, None)] == [
        "registration.start",
        "registration.save",
    ]


def test_a_draft_that_breaks_every_rule_is_still_saved(enrollment, member_user, program):
    drafts = factories.drafts(program)[:3]
    drafts[0].solution = "....."
    reg = save(enrollment, member_user, drafts)
    assert reg.items.count() == 3
    assert reg.items.filter(solution=".....").exists()


def test_a_save_records_what_changed_and_from_where(enrollment, member_user, program):
    drafts = factories.drafts(program)
    save(enrollment, member_user, drafts)
    drafts[0].solution = GOOD + " Thêm một việc."
    removed = drafts.pop()
    reg = Registration.objects.get(enrollment=enrollment)
    save(enrollment, member_user, drafts, version=reg.version)
    event = events(enrollment, "registration.save")[-1]
    assert event.actor == member_user
    assert event.data["screen"] == "form"
    assert event.data["changed"][0]["solution"] == [GOOD, GOOD + " Thêm một việc."]
    assert event.data["removed"][0]["label"].startswith(removed.criterion.code)


def test_an_older_version_writes_nothing(enrollment, member_user, program):
    reg = save(enrollment, member_user, factories.drafts(program))
    stale = reg.version
    save(enrollment, member_user, factories.drafts(program, solution=GOOD + " A"), version=stale)
    with pytest.raises(DomainError) as error:
        save(
            enrollment, member_user, factories.drafts(program, solution=GOOD + " B"), version=stale
        )
    assert "người khác thay đổi" in str(error.value.message)
    assert set(reg.items.values_list("solution", flat=True)) == {GOOD + " A"}


def test_submitting_an_incomplete_form_lists_its_problems(enrollment, member_user, program):
    reg = save(enrollment, member_user, factories.drafts(program)[:8])
    with pytest.raises(DomainError) as error:
        services.registration_submit(registration=reg, user=member_user)
    assert [str(p) for p in error.value.problems] == [
        "Còn thiếu nội dung 5. Ý thức xây dựng tổ chức Đoàn.",
        "Cần ít nhất 10 tiêu chí, hiện có 8.",
    ]
    reg.refresh_from_db()
    assert reg.state == State.DRAFT


def test_submitting_tells_the_committee_in_one_digest(enrollment, member_user, secretary):
    reg = factories.registration(enrollment, submit=True)
    assert reg.state == State.SUBMITTED
    note = Notification.objects.get(user=secretary)
    assert note.digest and note.emailed_at is None
    assert "Lê Thị Hoa" in note.message


def test_the_last_day_is_the_day_before_the_deadline(org, member_user):
    deadline = timezone.localdate() + timedelta(days=10)
    program = factories.program(unit=org["base"], registration_deadline=deadline)
    member = factories.member(branch=org["branch_a1"], user=member_user)
    enrollment = factories.enroll(program, member)
    reg = factories.registration(enrollment)
    with time_machine.travel(deadline):
        with pytest.raises(DomainError) as error:
            services.registration_submit(registration=reg, user=member_user)
    day = deadline.strftime("%d/%m/%Y")
    assert str(error.value.message) == (
        f"Đã hết hạn đăng ký (trước ngày {day}). Hãy đề nghị Ban Chấp hành chi đoàn gia hạn."
    )
    with time_machine.travel(deadline - timedelta(days=1)):
        services.registration_submit(registration=reg, user=member_user)
    assert Registration.objects.get(pk=reg.pk).state == State.SUBMITTED


def test_an_extension_lets_one_member_submit_late(org, member_user, secretary):
    deadline = timezone.localdate() + timedelta(days=10)
    program = factories.program(unit=org["base"], registration_deadline=deadline)
    enrollment = factories.enroll(
        program, factories.member(branch=org["branch_a1"], user=member_user)
    )
    reg = factories.registration(enrollment)
    with time_machine.travel(deadline + timedelta(days=2)):
        services.extension_grant(
            enrollment=enrollment,
            user=secretary,
            until=deadline + timedelta(days=5),
            reason="Đi thực tập ở tỉnh, không có mạng",
        )
        services.registration_submit(registration=reg, user=member_user)
    assert Registration.objects.get(pk=reg.pk).state == State.SUBMITTED
    extend = events(enrollment, "registration.extend")[0]
    assert extend.actor == secretary
    assert extend.data["reason"] == "Đi thực tập ở tỉnh, không có mạng"
    assert extend.data["until"] == (deadline + timedelta(days=5)).isoformat()


def test_after_the_extension_the_submission_is_refused_again(org, member_user, secretary):
    deadline = timezone.localdate() + timedelta(days=10)
    program = factories.program(unit=org["base"], registration_deadline=deadline)
    enrollment = factories.enroll(
        program, factories.member(branch=org["branch_a1"], user=member_user)
    )
    reg = factories.registration(enrollment)
    services.extension_grant(
        enrollment=enrollment,
        user=secretary,
        until=deadline + timedelta(days=5),
        reason="Ốm nằm viện",
    )
    with time_machine.travel(deadline + timedelta(days=6)):
        with pytest.raises(DomainError):
            services.registration_submit(registration=reg, user=member_user)


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (-1, "Ốm nằm viện dài ngày", "Hạn mới phải sau ngày hôm nay."),
        (5, "   ", "Hãy ghi lý do gia hạn."),
        (125, "Ốm nằm viện dài ngày", "Hạn mới muộn nhất là ngày mở đánh giá"),
    ],
)
def test_an_extension_needs_a_future_day_and_a_reason(enrollment, secretary, days, reason, message):
    with pytest.raises(DomainError) as error:
        services.extension_grant(
            enrollment=enrollment,
            user=secretary,
            until=timezone.localdate() + timedelta(days=days),
            reason=reason,
        )
    assert str(error.value.message).startswith(message)
    assert not enrollment.extensions.exists()


def test_a_returned_form_may_be_sent_again_after_the_deadline(enrollment, member_user, secretary):
    reg = factories.registration(enrollment, submit=True)
    item = reg.items.first()
    services.registration_return(
        registration=reg, user=secretary, comments={item.pk: "Giải pháp chưa cụ thể"}
    )
    reg.refresh_from_db()
    assert (reg.state, reg.round) == (State.RETURNED, 1)
    assert Comment.objects.get(item=item).text == "Giải pháp chưa cụ thể"
    with time_machine.travel(enrollment.program.registration_deadline + timedelta(days=3)):
        services.registration_submit(registration=reg, user=member_user)
    assert Registration.objects.get(pk=reg.pk).state == State.SUBMITTED


def test_a_return_must_say_why(enrollment, secretary):
    reg = factories.registration(enrollment, submit=True)
    with pytest.raises(DomainError) as error:
        services.registration_return(registration=reg, user=secretary, comments={}, general="  ")
    assert str(error.value.message) == "Hãy ghi ít nhất một nhận xét để đoàn viên biết cần sửa gì."
    assert Registration.objects.get(pk=reg.pk).state == State.SUBMITTED


def test_confirming_confirms_every_criterion_and_tells_the_member(
    enrollment, member_user, secretary
):
    reg = factories.registration(enrollment, submit=True)
    services.registration_confirm(registration=reg, user=secretary)
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED and reg.confirmed_by == secretary
    assert not reg.items.filter(confirmed_at__isnull=True).exists()
    assert Notification.objects.get(user=member_user).verb == "registration.confirmed"


def test_a_form_that_fails_the_rules_cannot_be_confirmed(enrollment, secretary):
    reg = factories.registration(enrollment, submit=True)
    reg.items.filter(pk=reg.items.first().pk).update(solution="")
    with pytest.raises(DomainError):
        services.registration_confirm(registration=reg, user=secretary)
    assert Registration.objects.get(pk=reg.pk).state == State.SUBMITTED


def test_bulk_confirmation_skips_forms_that_fail_and_says_which(org, program, secretary):
    regs = []
    for name in ["An", "Bình", "Chi"]:
        member = factories.member(branch=org["branch_a1"], name=f"Trần Văn {name}")
        regs.append(factories.registration(factories.enroll(program, member), submit=True))
    regs[1].items.filter(pk=regs[1].items.first().pk).update(solution=".....")
    draft = factories.registration(
        factories.enroll(program, factories.member(branch=org["branch_a1"]))
    )
    confirmed, skipped = services.registrations_confirm_many(
        registrations=[*regs, draft], user=secretary
    )
    assert [r.pk for r in confirmed] == [regs[0].pk, regs[2].pk]
    assert [(s.registration.pk, s.reasons) for s in skipped] == [
        (regs[1].pk, ["Giải pháp chỉ có dấu câu; hãy viết việc bạn sẽ làm."]),
        (draft.pk, ["Chỉ xác nhận được phiếu đang chờ xác nhận."]),
    ]
    confirm_events = Event.objects.filter(verb="registration.confirm")
    assert sorted(e.data["registration"] for e in confirm_events) == [regs[0].pk, regs[2].pk]
    assert {e.data["screen"] for e in confirm_events} == {"branch"}


def test_an_addition_keeps_what_was_confirmed(enrollment, member_user, secretary, program):
    reg = factories.registration(enrollment, submit=True, confirm_by=secretary)
    confirmed = {i.pk: (i.solution, i.confirmed_at) for i in reg.items.all()}
    services.registration_start_supplement(registration=reg, user=member_user)
    area = program.areas.get(number=4)
    reg.refresh_from_db()
    # The form sends only the new criterion; the confirmed ones are not touched.
    save(
        enrollment,
        member_user,
        [
            ItemDraft(
                area=area,
                kind=ItemKind.OPEN,
                text="Chạy 5 km mỗi tuần",
                solution=GOOD,
                open_key="n",
            )
        ],
        version=reg.version,
    )
    with pytest.raises(DomainError):
        services.registration_return(registration=reg, user=secretary, general="Chưa nộp")
    services.registration_submit(registration=reg, user=member_user)
    reg.refresh_from_db()
    assert reg.state == State.SUPPLEMENT_SUBMITTED
    assert {
        i.pk: (i.solution, i.confirmed_at) for i in reg.items.exclude(kind=ItemKind.OPEN)
    } == confirmed
    services.registration_confirm(registration=reg, user=secretary)
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED
    assert reg.items.count() == 11 and not reg.items.filter(confirmed_at__isnull=True).exists()


def test_an_addition_needs_a_new_criterion(enrollment, member_user, secretary):
    reg = factories.registration(enrollment, submit=True, confirm_by=secretary)
    services.registration_start_supplement(registration=reg, user=member_user)
    with pytest.raises(DomainError) as error:
        services.registration_submit(registration=reg, user=member_user)
    assert str(error.value.message) == (
        "Hãy thêm ít nhất một tiêu chí mới trước khi nộp phần đăng ký bổ sung."
    )


def test_cancelling_an_addition_drops_only_the_new_criteria(
    enrollment, member_user, secretary, program
):
    reg = factories.registration(enrollment, submit=True, confirm_by=secretary)
    services.registration_start_supplement(registration=reg, user=member_user)
    area = program.areas.get(number=1)
    save(
        enrollment,
        member_user,
        [ItemDraft(area=area, kind=ItemKind.OPEN, text="Mới", solution=GOOD)],
    )
    services.registration_cancel_supplement(registration=reg, user=member_user)
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED
    assert Item.objects.filter(registration=reg).count() == 10


def test_no_addition_once_the_evaluation_opened(enrollment, member_user, secretary, program):
    reg = factories.registration(enrollment, submit=True, confirm_by=secretary)
    with time_machine.travel(program.evaluation_start):
        with pytest.raises(DomainError) as error:
            services.registration_start_supplement(registration=reg, user=member_user)
    assert "kỳ đánh giá đã mở" in str(error.value.message)


def test_an_addition_awaiting_review_is_not_confirmed_once_the_evaluation_opened(
    enrollment, member_user, secretary, program
):
    """New criteria would change the split of an area's points under given scores."""
    reg = factories.registration(enrollment, submit=True, confirm_by=secretary)
    services.registration_start_supplement(registration=reg, user=member_user)
    area = program.areas.get(number=4)
    save(
        enrollment,
        member_user,
        [ItemDraft(area=area, kind=ItemKind.OPEN, text="Chạy 5 km mỗi tuần", solution=GOOD)],
    )
    services.registration_submit(registration=reg, user=member_user)
    with time_machine.travel(program.evaluation_start):
        with pytest.raises(DomainError) as error:
            services.registration_confirm(registration=reg, user=secretary)
    assert "kỳ đánh giá đã mở" in str(error.value.message)
    assert reg.items.filter(confirmed_at__isnull=True).count() == 1


def test_a_suggestion_needs_text_and_reaches_the_member(
    enrollment, secretary, member_user, program
):
    area = program.areas.get(number=4)
    with pytest.raises(DomainError):
        services.suggestion_add(enrollment=enrollment, area=area, user=secretary, text=" ... ")
    services.suggestion_add(
        enrollment=enrollment, area=area, user=secretary, text="Tham gia giải chạy của trường"
    )
    assert enrollment.suggestions.get().text == "Tham gia giải chạy của trường"
    note = Notification.objects.get(user=member_user)
    assert "4. Sức khỏe" in note.message and "Tham gia giải chạy của trường" in note.message
