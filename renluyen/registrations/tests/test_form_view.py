"""The member's training form page (registrations:form) and the paper entry screen
(registrations:paper): what each person sees, what a save or a submission stores, and the
rules' messages beside their fields."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from renluyen import factories
from renluyen.activities.models import Activity
from renluyen.audit.models import Event
from renluyen.core.tests.browser import log_in
from renluyen.core.tests.helpers import count_queries
from renluyen.organizations.models import Level
from renluyen.people.models import MemberType
from renluyen.programs.catalog import catalog_changed
from renluyen.registrations import services
from renluyen.registrations.models import Item, ItemKind, Registration, State

GOOD = factories.GOOD_SOLUTION


@pytest.fixture
def secretary(people):
    return people["secretary_a1"]


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def url(enrollment, name="form"):
    return reverse(f"registrations:{name}", args=[enrollment.pk])


def criteria(program, per_area=2, areas=(1, 2, 3, 4, 5)):
    """Catalog criteria for a student: `per_area` in each of `areas`."""
    return [
        draft.criterion
        for draft in factories.drafts(program, per_area=per_area)
        if draft.area.number in areas
    ]


def form_data(chosen=(), *, solution=GOOD, version=0, action="save", **extra):
    """A POST as the page sends it: ticked criteria (or activities) with their solutions."""
    data = {"version": str(version), "action": action, **extra}
    data["pick"] = []
    for obj in chosen:
        key = f"c{obj.pk}" if not isinstance(obj, Activity) else f"a{obj.pk}"
        data["pick"].append(key)
        data[f"{key}-solution"] = solution
    return data


def plain(response) -> str:
    """The page's words, without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        " /", "/"
    )


def row(response, key: str) -> str:
    """The HTML of one criterion's row on the page (from its id to the next row)."""
    html = response.content.decode()
    start = html.index(f'id="item-{key}"')
    end = html.find('class="rf-row', start)
    return re.sub(r"\s+", " ", html[start : end if end > 0 else None])


def registration_of(enrollment):
    return Registration.objects.get(enrollment=enrollment)


def activity(program, unit, area_number=2, title="Hiến máu nhân đạo"):
    created = Activity.objects.create(
        program=program,
        unit=unit,
        area=program.areas.get(number=area_number),
        title=title,
        starts_on=date(2020, 11, 20),
    )
    # Written past activities.services: the cached catalog must hear of it all the same.
    catalog_changed(program)
    return created


# ---------------------------------------------------------------- what the member sees


def test_it_shows_an_empty_form_with_the_header_and_five_areas(member_client, enrollment, program):
    response = member_client.get(url(enrollment))
    assert response.status_code == 200
    page = plain(response)
    assert "Phiếu đăng ký rèn luyện" in page
    assert f"Năm học {program.school_year}" in page
    assert "Chưa đăng ký" in page
    deadline = program.registration_deadline.strftime("%d/%m/%Y")
    assert f"Hạn đăng ký: trước ngày {deadline}" in page
    assert "0 tiêu chí (tối thiểu 10) · 0/5 nội dung" in page
    assert "1. Lý tưởng cách mạng, nhận thức chính trị" in page
    assert "4. Sức khỏe" in page
    assert 'aria-label="Thêm tiêu chí tự đề ra"' in response.content.decode()
    assert "Lưu nháp" in page and "Nộp phiếu" in page
    # One blank own-criterion slot in each area.
    html = response.content.decode()
    for number in range(1, 6):
        assert f'name="open-{number}-0-text"' in html


def test_it_offers_only_the_targets_for_the_members_type(member_client, enrollment, program):
    response = member_client.get(url(enrollment))
    html = response.content.decode()
    targets = program.areas.get(number=3).criteria.exclude(member_type="")
    student = targets.get(member_type=MemberType.STUDENT)
    lecturer = targets.get(member_type=MemberType.LECTURER)
    assert f'value="c{student.pk}"' in html
    assert f'value="c{lecturer.pk}"' not in html


def test_it_offers_the_activities_of_the_branch_and_above_only(
    member_client, enrollment, program, org
):
    ours = activity(program, org["fed_a"], title="Hiến máu nhân đạo")
    theirs = activity(program, org["branch_b1"], title="Chạy bộ vì sức khỏe")
    response = member_client.get(url(enrollment))
    page = plain(response)
    assert "Hiến máu nhân đạo" in page and "Liên chi đoàn A · 20/11/2020" in page
    assert "Chạy bộ vì sức khỏe" not in page
    assert f'value="a{ours.pk}"' in response.content.decode()
    assert f'value="a{theirs.pk}"' not in response.content.decode()


# ---------------------------------------------------------------- saving


def test_saving_a_draft_keeps_the_text_as_typed_cleaned(member_client, enrollment, program):
    first = criteria(program, per_area=1)[0]
    typed = "  Đọc báo Tuổi Trẻ mỗi sáng\r\n(ít nhất 15 phút)  "
    data = form_data([first], solution=typed)
    data["open-2-0-text"] = "  Giúp bạn cùng phòng học tiếng Anh "
    data["open-2-0-solution"] = "Mỗi tối thứ Ba, 30 phút."
    response = member_client.post(url(enrollment), data, follow=True)
    assert "Đã lưu nháp." in plain(response)
    registration = registration_of(enrollment)
    assert registration.state == State.DRAFT
    # Through core.text.clean: no surrounding blanks, one kind of line break.
    assert registration.items.get(criterion=first).solution == (
        "Đọc báo Tuổi Trẻ mỗi sáng\n(ít nhất 15 phút)"
    )
    own = registration.items.get(kind=ItemKind.OPEN)
    assert own.text == "Giúp bạn cùng phòng học tiếng Anh"
    # Back on the page, the saved own criterion has its own fields and a new blank slot.
    assert f'name="item-{own.pk}-text"' in response.content.decode()
    assert 'name="open-2-0-text"' in response.content.decode()
    assert "2 tiêu chí (tối thiểu 10) · 2/5 nội dung" in plain(response)


def test_unticking_and_clearing_remove_items(member_client, enrollment, program):
    registration = factories.registration(enrollment)
    chosen = criteria(program)
    data = form_data(chosen[1:], version=registration.version)
    member_client.post(url(enrollment), data)
    assert registration.items.count() == len(chosen) - 1
    assert not registration.items.filter(criterion=chosen[0]).exists()


def test_a_blank_own_criterion_slot_is_not_stored(member_client, enrollment, program):
    data = form_data(criteria(program, per_area=1))
    data.update({"open-1-0-text": "  ", "open-1-0-solution": "\r\n"})
    member_client.post(url(enrollment), data)
    assert not registration_of(enrollment).items.filter(kind=ItemKind.OPEN).exists()


def test_forged_ids_are_ignored(member_client, enrollment, program, org):
    other_base = factories.unit(level=Level.BASE, parent=org["upper"])
    other_program = factories.program(unit=other_base)
    foreign = other_program.areas.get(number=1).criteria.first()
    lecturer = program.areas.get(number=3).criteria.get(member_type=MemberType.LECTURER)
    elsewhere = activity(program, org["branch_b1"])
    someone = factories.enroll(program, factories.member(branch=org["branch_a1"]))
    their_own = factories.registration(someone)
    their_item = Item.objects.create(
        registration=their_own,
        area=program.areas.get(number=1),
        kind=ItemKind.OPEN,
        text="Của người khác",
        solution=GOOD,
    )
    good = criteria(program, per_area=1)[0]
    data = form_data([good, foreign, lecturer, elsewhere])
    data["pick"] += ["c999999", "a999999", "cabc", "x1", ""]
    data.update(
        {
            f"item-{their_item.pk}-text": "Sửa của người khác",
            f"item-{their_item.pk}-solution": GOOD,
            "open-99-0-text": "Nội dung không tồn tại",
            "open-99-0-solution": GOOD,
            "open-1-abc-text": "x",
        }
    )
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 302
    stored = registration_of(enrollment).items.all()
    assert [item.criterion for item in stored] == [good]
    their_item.refresh_from_db()
    assert their_item.text == "Của người khác"


def test_a_forged_version_counts_as_stale(member_client, enrollment, program):
    factories.registration(enrollment)
    data = form_data(criteria(program, per_area=1), version="abc")
    response = member_client.post(url(enrollment), data)
    assert "Phiếu vừa được người khác thay đổi" in plain(response)


# ---------------------------------------------------------------- submitting


def test_submitting_an_incomplete_form_shows_every_problem_beside_its_field(
    member_client, enrollment, program
):
    # 8 criteria in areas 1, 2, 3 and 5, one of them with "....." as its solution, and an
    # own criterion without its text: 9 items, area 4 missing.
    chosen = criteria(program, areas=(1, 2, 3, 5))
    data = form_data(chosen, action="submit")
    dotted = chosen[2]
    data[f"c{dotted.pk}-solution"] = "....."
    data.update({"open-1-0-text": "", "open-1-0-solution": GOOD})
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 200
    page = plain(response)
    assert "Phiếu chưa đủ nội dung để nộp." in page
    assert "Còn thiếu nội dung 4. Sức khỏe" in page
    assert "Cần ít nhất 10 tiêu chí, hiện có 9" in page
    assert "9 tiêu chí (tối thiểu 10) · 4/5 nội dung" in page
    # Beside the fields: the dotted solution, the own criterion, the missing area.
    assert "Giải pháp chỉ có dấu câu" in row(response, f"c{dotted.pk}")
    assert "....." in row(response, f"c{dotted.pk}")
    registration = registration_of(enrollment)
    own = registration.items.get(kind=ItemKind.OPEN)
    assert "Hãy ghi nội dung tiêu chí do bạn tự đề ra." in row(response, f"o{own.pk}")
    html = response.content.decode()
    area4 = html[html.index('id="area-4"') : html.index('id="area-5"')]
    assert "Còn thiếu nội dung 4. Sức khỏe" in area4
    # The draft is kept exactly as typed, and still a draft.
    assert registration.state == State.DRAFT
    assert registration.items.count() == 9
    assert registration.items.get(criterion=dotted).solution == "....."
    # The page carries the saved version, so the member can fix and save again.
    assert f'name="version" value="{registration.version}"' in html


def test_ten_criteria_over_five_areas_submit(member_client, enrollment, program, secretary):
    data = form_data(criteria(program), action="submit")
    response = member_client.post(url(enrollment), data, follow=True)
    assert "Đã nộp phiếu, chờ Ban Chấp hành chi đoàn xác nhận." in plain(response)
    registration = registration_of(enrollment)
    assert registration.state == State.SUBMITTED
    assert registration.items.count() == 10
    # Now read-only, with the way back.
    page = plain(response)
    assert "Đã nộp, chờ xác nhận" in page
    assert "Rút lại để sửa" in page
    assert 'name="pick"' not in response.content.decode()


def test_after_the_deadline_a_submission_is_refused_unless_extended(
    client, org, member_user, secretary
):
    today = timezone.localdate()
    program = factories.program(unit=org["base"], registration_deadline=today)
    enrollment = factories.enroll(
        program, factories.member(branch=org["branch_a1"], user=member_user)
    )
    client.force_login(member_user)
    page = plain(client.get(url(enrollment)))
    assert "Đã hết hạn đăng ký" in page
    response = client.post(url(enrollment), form_data(criteria(program), action="submit"))
    assert "Đã hết hạn đăng ký" in plain(response)
    registration = registration_of(enrollment)
    assert registration.state == State.DRAFT
    assert registration.items.count() == 10

    services.extension_grant(
        enrollment=enrollment, user=secretary, until=today + timedelta(days=3), reason="Ốm nằm viện"
    )
    due = (today + timedelta(days=4)).strftime("%d/%m/%Y")
    assert f"Hạn đăng ký (đã gia hạn): trước ngày {due}" in plain(client.get(url(enrollment)))
    data = form_data(
        criteria(program), action="submit", version=registration_of(enrollment).version
    )
    response = client.post(url(enrollment), data, follow=True)
    assert "Đã nộp phiếu" in plain(response)
    assert registration_of(enrollment).state == State.SUBMITTED


def test_after_the_deadline_the_paper_entry_speaks_to_the_committee(client, org, secretary):
    """Issue 10, item 5: the committee typing a paper form in is the one that grants
    extensions; it is not told to ask itself for one."""
    today = timezone.localdate()
    program = factories.program(unit=org["base"], registration_deadline=today)
    member = factories.member(branch=org["branch_a1"], name="Lê Thị Hoa")
    enrollment = factories.enroll(program, member)
    client.force_login(secretary)
    page = plain(client.get(url(enrollment, "paper")))
    day = today.strftime("%d/%m/%Y")
    assert (
        f"Đã hết hạn đăng ký (trước ngày {day}). Hãy gia hạn cho đoàn viên Lê Thị Hoa ở trang "
        "xem xét phiếu, rồi nộp phiếu." in page
    )
    assert "Hãy đề nghị Ban Chấp hành chi đoàn gia hạn" not in page
    response = client.post(url(enrollment, "paper"), form_data(criteria(program), action="submit"))
    assert "Hãy gia hạn cho đoàn viên Lê Thị Hoa" in plain(response)


def test_every_summary_line_names_its_criterion(member_client, enrollment, program):
    """Issue 10, item 5: "Hãy viết giải pháp cụ thể cho tiêu chí này." twice said nothing
    about which; each line now starts with the criterion."""
    chosen = criteria(program)
    data = form_data(chosen, action="submit")
    data[f"c{chosen[0].pk}-solution"] = ""
    data[f"c{chosen[1].pk}-solution"] = "Học."
    data["open-3-0-text"] = "Đọc sách mỗi tuần"
    data["open-3-0-solution"] = "Đọc"
    response = member_client.post(url(enrollment), data)
    summary = response.content.decode().split('id="problems"')[1].split("</section>")[0]
    assert f"{chosen[0].code}: Hãy viết giải pháp cụ thể cho tiêu chí này." in summary
    assert f"{chosen[1].code}: Giải pháp quá ngắn" in summary
    assert "Tiêu chí tự đề ra ở nội dung 3 “Đọc sách mỗi tuần”: Giải pháp quá ngắn" in summary


def test_the_member_s_own_criterion_has_one_name_everywhere():
    """Issue 10, item 5: not "tiêu chí mở", "tiêu chí tự đề xuất" beside "tự đề ra"."""
    from pathlib import Path

    catalog = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    text = catalog.read_text(encoding="utf-8").casefold()
    assert "tiêu chí mở" not in text and "tự đề xuất" not in text
    assert text.count("tiêu chí tự đề ra") >= 5


def test_a_stale_version_is_refused_and_nothing_typed_is_lost(
    member_client, enrollment, program, secretary
):
    registration = factories.registration(enrollment, per_area=1)
    seen = registration.version
    # Meanwhile the secretary types in the paper form.
    services.registration_save(
        enrollment=enrollment,
        user=secretary,
        drafts=factories.drafts(program, per_area=2),
        version=seen,
        screen="paper",
        on_paper=True,
    )
    before = list(registration.items.values_list("pk", "solution"))
    data = form_data(criteria(program, per_area=1), solution="Giải pháp tôi vừa gõ rất cẩn thận")
    data["open-3-0-text"] = "Tiêu chí riêng của tôi"
    data["open-3-0-solution"] = "Làm mỗi tuần"
    data["version"] = str(seen)
    response = member_client.post(url(enrollment), data)
    assert response.status_code == 200
    page = plain(response)
    assert "Phiếu vừa được người khác thay đổi" in page
    assert "Giải pháp tôi vừa gõ rất cẩn thận" in page
    assert "Tiêu chí riêng của tôi" in row(response, "new-3-0")
    assert 'name="open-3-1-text"' in response.content.decode()
    assert list(registration.items.values_list("pk", "solution")) == before


def test_the_member_takes_a_submitted_form_back(member_client, enrollment):
    factories.registration(enrollment, submit=True)
    response = member_client.post(url(enrollment), {"action": "withdraw"}, follow=True)
    assert registration_of(enrollment).state == State.DRAFT
    assert 'name="pick"' in response.content.decode()


def test_an_unknown_action_is_a_bad_request(member_client, enrollment):
    assert member_client.post(url(enrollment), {"action": "explode"}).status_code == 400


def test_a_step_on_a_form_not_started_says_so(member_client, enrollment):
    response = member_client.post(url(enrollment), {"action": "withdraw"}, follow=True)
    assert "Phiếu chưa được lập." in plain(response)


# ---------------------------------------------------------------- returned, suggestions


def test_a_returned_form_shows_the_latest_comments_beside_their_criteria(
    member_client, enrollment, program, secretary
):
    registration = factories.registration(enrollment, submit=True)
    first = registration.items.order_by("pk").first()
    services.registration_return(
        registration=registration,
        user=secretary,
        comments={first.pk: "Giải pháp cũ, chưa cụ thể."},
        general="Bổ sung tiêu chí về sức khỏe.",
    )
    services.registration_submit(registration=registration, user=enrollment.member.user)
    services.registration_return(
        registration=registration, user=secretary, comments={first.pk: "Ghi rõ thời gian."}
    )
    response = member_client.get(url(enrollment))
    page = plain(response)
    assert "Trả lại để sửa" in page
    assert "Ghi rõ thời gian." in row(response, first.key)
    # Only the latest round.
    assert "Giải pháp cũ, chưa cụ thể." not in page
    assert "Bổ sung tiêu chí về sức khỏe." not in page
    assert 'name="pick"' in response.content.decode()


def test_general_comments_show_at_the_top(member_client, enrollment, secretary):
    registration = factories.registration(enrollment, submit=True)
    services.registration_return(
        registration=registration, user=secretary, general="Bổ sung tiêu chí về sức khỏe."
    )
    response = member_client.get(url(enrollment))
    html = response.content.decode()
    assert html.index("Bổ sung tiêu chí về sức khỏe.") < html.index('id="area-1"')


def test_the_committees_suggestions_show_in_their_area(
    member_client, enrollment, program, secretary
):
    services.suggestion_add(
        enrollment=enrollment,
        area=program.areas.get(number=4),
        user=secretary,
        text="Tham gia câu lạc bộ bóng chuyền của trường",
    )
    response = member_client.get(url(enrollment))
    html = response.content.decode()
    area4 = html[html.index('id="area-4"') : html.index('id="area-5"')]
    assert "Tham gia câu lạc bộ bóng chuyền của trường" in area4
    assert "Dùng gợi ý này" in area4


# ---------------------------------------------------------------- supplements


def test_a_supplement_keeps_confirmed_items_and_adds_pending_ones(
    member_client, enrollment, program, secretary
):
    registration = factories.registration(enrollment, confirm_by=secretary)
    confirmed = {item.pk: item.solution for item in registration.items.all()}
    response = member_client.post(url(enrollment), {"action": "supplement"}, follow=True)
    assert registration_of(enrollment).state == State.SUPPLEMENT_DRAFT
    page = plain(response)
    assert "Huỷ bổ sung" in page and "Nộp phần bổ sung" in page
    confirmed_key = registration.items.first().key
    assert "Đã xác nhận" in row(response, confirmed_key)
    assert 'name="pick"' not in row(response, confirmed_key)

    # A new criterion; a forged attempt to change or drop the confirmed ones is ignored.
    new = program.areas.get(number=1).criteria.order_by("order")[3]
    data = form_data([new], version=registration_of(enrollment).version, action="submit")
    data["pick"].append(confirmed_key)
    data[f"{confirmed_key}-solution"] = "Sửa lén"
    response = member_client.post(url(enrollment), data, follow=True)
    assert "Đã nộp phiếu" in plain(response)
    registration.refresh_from_db()
    assert registration.state == State.SUPPLEMENT_SUBMITTED
    for pk, solution in confirmed.items():
        item = Item.objects.get(pk=pk)
        assert item.solution == solution and item.confirmed_at is not None
    added = registration.items.get(criterion=new)
    assert added.confirmed_at is None
    assert "Chờ xác nhận" in row(response, added.key)


def test_cancelling_a_supplement_drops_only_the_new_items(
    member_client, enrollment, program, secretary
):
    registration = factories.registration(enrollment, confirm_by=secretary)
    member_client.post(url(enrollment), {"action": "supplement"})
    new = program.areas.get(number=1).criteria.order_by("order")[3]
    member_client.post(
        url(enrollment), form_data([new], version=registration_of(enrollment).version)
    )
    response = member_client.post(url(enrollment), {"action": "cancel_supplement"}, follow=True)
    assert "Đã huỷ phần bổ sung" in plain(response)
    assert registration_of(enrollment).state == State.CONFIRMED
    assert registration.items.count() == 10


def test_a_confirmed_form_is_read_only_with_print_and_history_links(
    member_client, enrollment, secretary
):
    factories.registration(enrollment, confirm_by=secretary)
    response = member_client.get(url(enrollment))
    html = response.content.decode()
    page = plain(response)
    assert "Đã xác nhận" in page
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Ban Chấp hành chi đoàn đã xác nhận ngày {day}" in page
    assert "Đăng ký bổ sung" in page
    for name in ("print", "pdf", "history"):
        assert f'href="{url(enrollment, name)}"' in html
    assert 'name="pick"' not in html and "Lưu nháp" not in page


# ---------------------------------------------------------------- who may do what


def test_another_members_form_is_not_found(client, enrollment, org):
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    client.force_login(other)
    assert client.get(url(enrollment)).status_code == 404
    assert client.post(url(enrollment), form_data()).status_code == 404
    assert not Registration.objects.exists()


def test_a_secretary_of_another_branch_gets_not_found(client, enrollment, people):
    client.force_login(people["secretary_b1"])
    assert client.get(url(enrollment)).status_code == 404
    assert client.get(url(enrollment, "paper")).status_code == 404
    assert client.post(url(enrollment, "paper"), form_data()).status_code == 404


def test_a_federation_reads_the_form_and_may_not_change_it(client, enrollment, people, program):
    factories.registration(enrollment)
    client.force_login(people["fed_a"])
    response = client.get(url(enrollment))
    assert response.status_code == 200
    assert "Lê Thị Hoa" in plain(response)
    assert 'name="pick"' not in response.content.decode()
    assert "Lưu nháp" not in plain(response)
    assert client.post(url(enrollment), form_data(criteria(program))).status_code == 403
    assert client.get(url(enrollment, "paper")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, enrollment):
    response = client.get(url(enrollment))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_member_may_not_use_the_paper_screen(member_client, enrollment, program):
    assert member_client.get(url(enrollment, "paper")).status_code == 403
    response = member_client.post(url(enrollment, "paper"), form_data(criteria(program)))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_the_secretary_reads_the_members_screen_and_is_sent_to_the_paper_one(
    client, enrollment, secretary, program
):
    client.force_login(secretary)
    response = client.get(url(enrollment))
    assert 'name="pick"' not in response.content.decode()
    assert f'href="{url(enrollment, "paper")}"' in response.content.decode()
    assert client.post(url(enrollment), form_data(criteria(program))).status_code == 403


def test_paper_entry_by_the_secretary_is_recorded_as_such(client, enrollment, secretary, program):
    client.force_login(secretary)
    response = client.get(url(enrollment, "paper"))
    assert "Nhập phiếu giấy thay cho đoàn viên Lê Thị Hoa" in plain(response)
    response = client.post(
        url(enrollment, "paper"), form_data(criteria(program), action="submit"), follow=True
    )
    assert response.redirect_chain[-1][0] == url(enrollment, "paper")
    registration = registration_of(enrollment)
    assert registration.on_paper
    assert registration.state == State.SUBMITTED
    saved = Event.objects.get(
        object_type="programs.enrollment", object_id=str(enrollment.pk), verb="registration.save"
    )
    assert saved.actor == secretary
    assert saved.data["screen"] == "paper"
    submitted = Event.objects.get(
        object_type="programs.enrollment", object_id=str(enrollment.pk), verb="registration.submit"
    )
    assert submitted.data["screen"] == "paper"


def test_a_closed_program_is_read_only(member_client, enrollment, program):
    program.status = "closed"
    program.save()
    response = member_client.get(url(enrollment))
    assert 'name="pick"' not in response.content.decode()
    assert member_client.post(url(enrollment), form_data()).status_code == 403


# ---------------------------------------------------------------- queries


def test_the_query_count_does_not_grow_with_items_and_activities(client, org, program, secretary):
    def page_for(per_area, activities):
        user = factories.user()
        enrollment = factories.enroll(program, factories.member(branch=org["branch_a1"], user=user))
        registration = factories.registration(enrollment, per_area=per_area, submit=True)
        services.registration_return(
            registration=registration,
            user=secretary,
            comments={item.pk: "Cụ thể hơn." for item in registration.items.all()},
            general="Xem lại.",
        )
        for area in program.areas.all():
            services.suggestion_add(enrollment=enrollment, area=area, user=secretary, text="Gợi ý")
        for n in range(activities):
            activity(program, org["branch_a1"], area_number=n % 5 + 1, title=f"Hoạt động {n}")
        client.force_login(user)
        return count_queries(lambda: client.get(url(enrollment)))

    small = page_for(per_area=2, activities=1)
    large = page_for(per_area=4, activities=6)
    assert small == large
    assert small <= 20, small


# ---------------------------------------------------------------- in the browser


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_in_the_browser_the_counter_slots_and_suggestions_work(
    page, live_server, enrollment, member_user, program, secretary
):
    services.suggestion_add(
        enrollment=enrollment,
        area=program.areas.get(number=4),
        user=secretary,
        text="Tham gia câu lạc bộ bóng chuyền",
    )
    member_user.username = "hoa"
    member_user.save()
    log_in(page, "hoa", password="pw-for-tests-123")
    page.goto(url(enrollment))
    counter = page.locator("#counter")
    expect(counter).to_contain_text("0 tiêu chí (tối thiểu 10) · 0/5 nội dung")
    first = criteria(program, per_area=1)[0]
    solution = page.locator(f"#f-c{first.pk}-solution")
    expect(solution).to_be_hidden()
    page.locator(f'input[value="c{first.pk}"]').check()
    expect(solution).to_be_visible()
    expect(counter).to_contain_text("1 tiêu chí (tối thiểu 10) · 1/5 nội dung")
    solution.fill(GOOD)

    area4 = page.locator("#area-4")
    area4.get_by_role("button", name="Dùng gợi ý này").click()
    expect(page.locator("#f-open-4-0-text")).to_have_value("Tham gia câu lạc bộ bóng chuyền")
    page.locator("#f-open-4-0-solution").fill("Mỗi chiều thứ Năm tập 1 giờ.")
    area4.get_by_role("button", name="Thêm tiêu chí tự đề ra").click()
    page.locator("#f-open-4-1-text").fill("Đi bộ 5000 bước mỗi ngày")
    page.locator("#f-open-4-1-solution").fill("Đi bộ đến trường thay vì đi xe buýt.")
    expect(counter).to_contain_text("3 tiêu chí (tối thiểu 10) · 2/5 nội dung")
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 362

    # The sticky bar's button saves too, wherever the member is on the page.
    page.locator(".rf-bar").get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()
    own = registration_of(enrollment).items.filter(kind=ItemKind.OPEN).order_by("pk")
    assert [item.text for item in own] == [
        "Tham gia câu lạc bộ bóng chuyền",
        "Đi bộ 5000 bước mỗi ngày",
    ]
    assert registration_of(enrollment).items.get(criterion=first).solution == GOOD
