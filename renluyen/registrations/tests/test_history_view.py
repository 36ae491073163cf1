"""A form's history page (registrations:history): who changed what, when, from which
screen; seen by the member and the committee, by nobody else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renluyen import factories
from renluyen.core.tests.helpers import count_queries, text
from renluyen.registrations import services
from renluyen.registrations.models import ItemKind

GOOD = factories.GOOD_SOLUTION


@pytest.fixture
def member_user(db):
    return factories.user(first_name="Hoa", last_name="Lê Thị")


@pytest.fixture
def secretary(people):
    user = people["secretary_a1"]
    user.first_name, user.last_name = "Bình", "Nguyễn Thị"
    user.save()
    return user


def url(enrollment):
    return reverse("registrations:history", args=[enrollment.pk])


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, enrollment):
    response = client.get(url(enrollment))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_member_sees_their_own_history(client, enrollment, member_user):
    factories.registration(enrollment, submit=True)
    client.force_login(member_user)
    response = client.get(url(enrollment))
    assert response.status_code == 200
    html = text(response)
    assert "Lịch sử phiếu" in html
    assert "Bắt đầu lập phiếu" in html and "Nộp phiếu" in html
    assert "Lê Thị Hoa" in html
    assert "Phiếu của đoàn viên" in html
    today = timezone.localtime().strftime("%d/%m/%Y")
    assert today in html


def test_a_member_cannot_see_another_members_history(client, org, program, enrollment):
    other = factories.member(branch=org["branch_a1"], user=factories.user())
    client.force_login(other.user)
    assert client.get(url(enrollment)).status_code == 404


def test_a_secretary_of_another_branch_gets_404(client, people, enrollment):
    client.force_login(people["secretary_b1"])
    assert client.get(url(enrollment)).status_code == 404


@pytest.mark.parametrize("who", ["secretary_a1", "fed_a", "standing"])
def test_the_committee_and_the_units_above_see_it(client, people, enrollment, who):
    factories.registration(enrollment)
    client.force_login(people[who])
    assert client.get(url(enrollment)).status_code == 200


def test_changes_by_the_real_services_show_who_and_what_changed(
    client, enrollment, member_user, secretary, program
):
    drafts = factories.drafts(program, per_area=3)
    reg = services.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)
    first = reg.items.order_by("area__number", "pk").first()
    reg = services.registration_submit(registration=reg, user=member_user)
    reg = services.registration_return(
        registration=reg,
        user=secretary,
        comments={first.pk: "Giải pháp cần cụ thể hơn."},
        general="Bổ sung thêm nội dung 4.",
    )
    drafts[0].solution = "Đọc báo Tuổi Trẻ mỗi sáng và ghi chép lại mỗi tuần."
    removed = drafts.pop()
    reg = services.registration_save(
        enrollment=enrollment, user=member_user, drafts=drafts, version=reg.version
    )
    reg = services.registration_submit(registration=reg, user=member_user)
    services.registration_confirm(registration=reg, user=secretary)
    services.extension_grant(
        enrollment=enrollment,
        user=secretary,
        until=timezone.localdate() + timedelta(days=40),
        reason="Đoàn viên đi thực tập xa trường.",
    )
    area = program.areas.get(number=4)
    services.suggestion_add(
        enrollment=enrollment, area=area, user=secretary, text="Chạy bộ 3 buổi mỗi tuần."
    )

    client.force_login(member_user)
    html = text(client.get(url(enrollment)))
    assert "Nguyễn Thị Bình" in html  # who returned and confirmed
    assert "Trả lại phiếu để sửa" in html and "Trang duyệt phiếu" in html
    assert "Giải pháp cần cụ thể hơn." in html and "Bổ sung thêm nội dung 4." in html
    assert "Nhận xét chung" in html
    # The changed solution, old and new.
    assert f"Sửa giải pháp của {first.label[:60]}" in html
    assert f"<del>{GOOD}</del>" in html
    assert "<ins>Đọc báo Tuổi Trẻ mỗi sáng và ghi chép lại mỗi tuần.</ins>" in html
    removed_label = f"{removed.criterion.code}. {removed.criterion.text}"
    assert f"Bỏ tiêu chí: {removed_label[:60]}" in html
    assert "Xác nhận phiếu" in html and f"Số tiêu chí được xác nhận: {len(drafts)}" in html
    day = (timezone.localdate() + timedelta(days=41)).strftime("%d/%m/%Y")
    assert f"Được nộp phiếu trước ngày {day}" in html
    assert "Đoàn viên đi thực tập xa trường." in html
    assert "Gợi ý cho nội dung 4. Sức khỏe" in html and "Chạy bộ 3 buổi mỗi tuần." in html
    # Newest first: the suggestion comes before the first save.
    assert html.index("Gợi ý nội dung") < html.index("Bắt đầu lập phiếu")


def test_a_paper_form_says_who_typed_it_in(client, enrollment, secretary, program, member_user):
    services.registration_save(
        enrollment=enrollment,
        user=secretary,
        drafts=factories.drafts(program),
        screen="paper",
        on_paper=True,
    )
    client.force_login(member_user)
    html = text(client.get(url(enrollment)))
    assert "Nhập phiếu giấy" in html and "Nhập từ phiếu giấy" in html
    assert "Nguyễn Thị Bình" in html
    assert "Thêm tiêu chí: 1.1." in html


def test_an_own_criterion_shows_its_text_change(client, enrollment, member_user, program):
    area = program.areas.get(number=5)
    draft = services.ItemDraft(
        area=area, kind=ItemKind.OPEN, text="Học tiếng Anh", solution=GOOD, open_key="new-5-1"
    )
    reg = services.registration_save(enrollment=enrollment, user=member_user, drafts=[draft])
    item = reg.items.get()
    draft.open_key = item.key
    draft.text = "Học tiếng Anh giao tiếp"
    services.registration_save(
        enrollment=enrollment, user=member_user, drafts=[draft], version=reg.version
    )
    client.force_login(member_user)
    html = text(client.get(url(enrollment)))
    assert "Sửa nội dung tiêu chí tự đề ra" in html
    assert "<del>Học tiếng Anh</del>" in html and "<ins>Học tiếng Anh giao tiếp</ins>" in html


def test_a_form_without_events_says_so(client, enrollment, member_user):
    client.force_login(member_user)
    assert "Chưa có thay đổi nào" in text(client.get(url(enrollment)))


def test_evaluation_events_stay_on_the_evaluation_history(client, enrollment, member_user):
    from renluyen.audit.services import record

    record(actor=member_user, verb="evaluation.scores", obj=enrollment, changes=[])
    client.force_login(member_user)
    page = text(client.get(url(enrollment)))
    assert "Chưa có thay đổi nào" in page and "evaluation.scores" not in page


def test_it_pages_and_keeps_a_fixed_query_count(
    client, enrollment, member_user, program, django_assert_max_num_queries
):
    reg = factories.registration(enrollment)
    client.force_login(member_user)
    few = count_queries(lambda: client.get(url(enrollment)))
    drafts = factories.drafts(program)
    for i in range(35):
        drafts[0].solution = f"{GOOD} Lần sửa {i}."
        reg = services.registration_save(
            enrollment=enrollment, user=member_user, drafts=drafts, version=reg.version
        )
    with django_assert_max_num_queries(few):
        response = client.get(url(enrollment))
    html = text(response)
    assert "Trang 1 / 2" in html
    assert "Lần sửa 34." in html and "Lần sửa 0." not in html
    assert "Lần sửa 0." in text(client.get(url(enrollment) + "?page=2"))
