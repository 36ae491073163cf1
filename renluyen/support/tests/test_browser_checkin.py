"""In Chromium, on the demo of `make run` (a year in its middle): the secretary of CD-1
finds the check-in round due on her home page, records it for two members on a phone,
and the branch's figures follow; on a desktop the Liên chi đoàn sees the branch
behind."""

import pytest
from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.support.models import Checkin


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_secretary_records_a_checkin_round(page, demo):
    log_in(page, "bithu")
    todo = page.locator("#todo")
    expect(todo).to_contain_text("Việc cần làm ngay")
    line = todo.get_by_role("link", name="Đợt trao đổi 2")
    expect(line).to_contain_text("đoàn viên cần trao đổi — Chi đoàn QH-2020-E KTCT")
    waiting_before = Checkin.objects.filter(round=2).count()
    line.click()
    expect(page.locator("h1")).to_contain_text("Đợt trao đổi 2")
    blocks = page.locator(".checkin-member:not(:has(.badge))")
    first, second = blocks.nth(0), blocks.nth(1)
    names = [first.locator("h3").inner_text(), second.locator("h3").inner_text()]
    first.get_by_label("Tiến độ").fill("Đã hoàn thành bài thu hoạch và chạy bộ đều.")
    first.get_by_label("Khó khăn").fill("Lịch học dày vào cuối kỳ.")
    first.get_by_label("Hỗ trợ đã thống nhất").fill("Ghép nhóm ôn thi với bạn Uyên.")
    second.get_by_label("Tiến độ").fill("Mới xong hai tiêu chí ở nội dung 1.")
    assert no_sideways_scroll(page)
    screenshot(page, "checkin-round-phone")
    page.get_by_role("button", name="Lưu các lần trao đổi").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu 2 lần trao đổi.")
    assert Checkin.objects.filter(round=2).count() == waiting_before + 2
    saved = Checkin.objects.get(round=2, support="Ghép nhóm ôn thi với bạn Uyên.")
    assert saved.recorded_by.username == "bithu"
    assert saved.enrollment.member.full_name in names[0]
    # The branch's rounds page counts them.
    page.goto(page.url.replace("/checkins/2/", "/checkins/"))
    expect(page.locator("#round-2")).to_contain_text(f"{waiting_before + 2}/")
    expect(page.locator("#round-1")).to_contain_text("Quá hạn")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_federation_sees_its_branches_behind_and_the_supervisor_guides(page, demo):
    log_in(page, "lienchi")
    page.locator("#todo").get_by_role("link", name="chi đoàn có đợt trao đổi quá hạn").click()
    expect(page.locator("h1")).to_contain_text("Hỗ trợ rèn luyện trong năm")
    row = page.locator("tr", has_text="Chi đoàn QH-2020-E KTCT")
    expect(row.locator("td.overdue")).to_have_text("1")
    page.context.clear_cookies()
    log_in(page, "giamsat")
    page.goto(page.url.rstrip("/") + "/")
    page.locator("#todo").get_by_role("link", name="Liên chi đoàn Khoa Kinh tế Chính trị").click()
    page.get_by_role("link", name="Chi đoàn QH-2020-E KTCT").click()
    page.get_by_label("Hướng dẫn gửi Chi đoàn QH-2020-E KTCT").fill(
        "Đề nghị chi đoàn trao đổi với hai đoàn viên còn thiếu trong tuần này."
    )
    page.get_by_role("button", name="Gửi hướng dẫn").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi hướng dẫn")
    expect(page.locator("#guidance")).to_contain_text("hai đoàn viên còn thiếu trong tuần này")
