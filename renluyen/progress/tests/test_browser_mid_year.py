"""The middle of the year in the browser (issue 11): a member checks in to an activity
with a code on her phone and logs progress with a photo; her six-monthly self-review
shows in the branch's summary; her self-evaluation shows the evidence."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renluyen import factories
from renluyen.activities import attendance
from renluyen.activities.models import Activity, Participation
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.organizations.models import Role
from renluyen.progress.models import Entry, SelfReview
from renluyen.progress.tests.conftest import jpeg, mid_year_program

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def mid_year(org):
    program = mid_year_program(org["base"])
    secretary = factories.user("bithu_a1")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user("hoa")
    )
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment, confirm_by=secretary)
    item = enrollment.registration.items.filter(area__number=2).order_by("pk").first()
    activity = Activity.objects.create(
        program=program,
        unit=org["branch_a1"],
        area=item.area,
        title="Hiến máu tình nguyện",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=1),
    )
    activity.criteria.set([item.criterion])
    activity = attendance.checkin_code_new(activity=activity, user=secretary)
    return program, enrollment, item, activity


def switch_to(page, username):
    page.context.clear_cookies()
    log_in(page, username, password=PASSWORD)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_check_in_progress_self_review_and_evidence(page, org, mid_year):
    program, enrollment, item, activity = mid_year

    # On her phone the member types the code the secretary shows (as written on a screen).
    log_in(page, "hoa", password=PASSWORD)
    page.goto("/activities/")
    page.get_by_role("link", name="Điểm danh bằng mã").click()
    page.locator("#id_code").fill(activity.checkin_code.lower())
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã điểm danh “Hiến máu tình nguyện”")
    log_link = page.get_by_role("link", name="Mở nhật ký rèn luyện của tôi")
    expect(log_link).to_be_visible()
    screenshot(page, "activity-check-in-phone")
    page.locator("#id_code").fill(activity.checkin_code)
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    expect(page.locator("#code-error")).to_contain_text("Bạn đã điểm danh hoạt động")
    assert Participation.objects.get().attended_at is not None

    # Her progress log: the attendance is under the criterion; she adds a photo.
    page.goto("/progress/mine/")
    block = page.locator(f"#item-{item.pk}")
    expect(block).to_contain_text("Hiến máu tình nguyện")
    block.locator("summary").click()
    block.locator("textarea[name=text]").fill("Hiến máu lần thứ hai, có giấy chứng nhận.")
    block.locator("input[type=file]").set_input_files(
        {"name": "chung-nhan.jpg", "mimeType": "image/jpeg", "buffer": jpeg((640, 480))}
    )
    block.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Đã ghi nhận tiến độ của bạn.")
    photo = page.locator(f"#item-{item.pk} img.pg-photo")
    photo.scroll_into_view_if_needed()  # loaded lazily, when near the screen
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 640
    entry = Entry.objects.get()
    assert entry.file_kind == "image"
    screenshot(page, "progress-log-phone")

    # The six-monthly self-review: one criterion not started, a difficulty named.
    page.goto(f"/progress/{enrollment.pk}/review/")
    radios = page.locator("input[type=radio][value=done]")
    for i in range(radios.count()):
        radios.nth(i).check()
    page.locator(f"input[name=mark-{item.pk}][value=not_started]").check()
    page.locator("#id_difficulties").fill("Em chưa sắp xếp được lịch tình nguyện cuối tuần.")
    page.get_by_role("button", name="Gửi bản tự đánh giá").click()
    expect(page.locator("main")).to_contain_text("Đã gửi bản tự đánh giá")
    assert SelfReview.objects.get().submitted_at is not None

    # The secretary sees it in the branch's summary, among those who need help.
    page.set_viewport_size({"width": 1280, "height": 800})
    switch_to(page, "bithu_a1")
    page.goto(f"/progress/branch/{org['branch_a1'].pk}/?program={program.pk}")
    stuck = page.locator("#stuck")
    expect(stuck).to_contain_text("Lê Thị Hoa")
    expect(stuck).to_contain_text("Em chưa sắp xếp được lịch tình nguyện cuối tuần.")
    stuck.locator("textarea").fill("Chi đoàn xếp cho em ca trực thứ Bảy nhé.")
    stuck.get_by_role("button", name="Trả lời").click()
    expect(page.locator("#stuck")).to_contain_text("Chi đoàn xếp cho em ca trực thứ Bảy nhé.")
    screenshot(page, "progress-branch-summary")

    # At evaluation time her self-evaluation shows the evidence beside the criterion.
    factories.open_evaluation(program)
    page.set_viewport_size({"width": 360, "height": 740})
    switch_to(page, "hoa")
    page.goto(f"/evaluations/{enrollment.pk}/self/")
    row = page.locator(f"#item-{item.pk}")
    expect(row).to_contain_text("Hiến máu lần thứ hai, có giấy chứng nhận.")
    expect(row).to_contain_text("Hiến máu tình nguyện")
    row.locator("img.pg-photo").scroll_into_view_if_needed()
    expect(row.locator("img.pg-photo")).to_be_visible()
    screenshot(page, "progress-self-evaluation-evidence-phone")
