"""In Chromium: the standing committee prepares next year's program on a phone or desktop."""

from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.programs.models import Criterion, Program, ProgramStatus

PHONE_WIDTH = 360 + 2  # a few pixels of slack for sub-pixel rounding


def assert_no_sideways_scroll(page, viewport):
    if viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a 360-px phone"


def test_copy_edit_and_open_next_years_program(demo, page, viewport):
    log_in(page, "thuongvu")
    page.goto("/programs/")
    page.get_by_role("link", name="Chương trình rèn luyện đoàn viên năm học 2020 - 2021").click()
    page.get_by_role("link", name="Sao chép sang năm học mới").click()
    assert_no_sideways_scroll(page, viewport)

    # The existing year is refused, next to the field.
    page.get_by_label("Năm học mới").fill("2020-2021")
    page.get_by_role("button", name="Sao chép").click()
    expect(page.locator(".errorlist")).to_contain_text("Năm học 2020-2021 đã có chương trình")
    page.get_by_label("Năm học mới").fill("2021-2022")
    page.get_by_role("button", name="Sao chép").click()
    expect(page.locator("h1")).to_have_text("Chương trình rèn luyện đoàn viên năm học 2021 - 2022")
    expect(page.get_by_text("Bản nháp", exact=True)).to_be_visible()
    assert_no_sideways_scroll(page, viewport)
    draft = Program.objects.get(school_year="2021-2022")

    # Settings: a mistake is shown next to its field, then fixed.
    page.get_by_role("link", name="Sửa thiết lập và mốc thời gian").click()
    page.get_by_label("Ngưỡng Hoàn thành tốt").fill("95")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".errorlist")).to_have_text(
        "Ngưỡng Hoàn thành tốt phải thấp hơn ngưỡng Hoàn thành xuất sắc."
    )
    assert_no_sideways_scroll(page, viewport)
    if viewport == "phone":
        screenshot(page, "program-settings-error-phone")
    page.get_by_label("Ngưỡng Hoàn thành tốt").fill("85")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thiết lập của chương trình.")).to_be_visible()

    # A new criterion in area 4, with the code the page suggests.
    page.locator("#area-4").get_by_role("link", name="Thêm tiêu chí").click()
    expect(page.get_by_label("Mã")).to_have_value("4.4")
    page.get_by_label("Nội dung").fill("Tham gia giải chạy vì sức khỏe cộng đồng.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#area-4")).to_contain_text("4.4. Tham gia giải chạy")
    if viewport == "phone":
        screenshot(page, "program-draft-phone")

    page.get_by_role("button", name="Triển khai chương trình").click()
    expect(
        page.get_by_text("Chương trình đã chuyển sang trạng thái “Đang triển khai”.")
    ).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == ProgramStatus.OPEN
    assert draft.threshold_good == 85
    assert Criterion.objects.filter(area__program=draft).count() == 26
