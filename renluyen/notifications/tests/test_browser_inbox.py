"""In Chromium: the demo secretary follows a notification to the form it is about, and
reads that form's history."""

import re

from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.notifications.models import Notification

PHONE_WIDTH = 360 + 2


def test_the_secretary_opens_a_submission_and_its_history(demo, page, viewport):
    log_in(page, "bithu")
    unread = Notification.objects.filter(user__username="bithu", read_at__isnull=True).count()
    assert unread > 0
    nav = page.get_by_role("navigation")
    nav.get_by_role("link", name=f"Thông báo ({unread})").click()
    expect(page.locator("h1")).to_have_text("Thông báo")
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(page, f"notifications-inbox-{viewport}")

    # The forms submitted to CD-1 came as one batch: one notification, not one each.
    batch = Notification.objects.get(user__username="bithu", verb="registration.submitted")
    count = batch.data["count"]
    assert count > 1
    page.get_by_role("link", name=f"{count} phiếu mới chờ xác nhận").click()
    expect(page).to_have_url(re.compile(re.escape(batch.url) + "$"))
    left = unread - 1
    inbox = page.locator("nav.mainnav .nav-inbox")
    expect(inbox).to_have_text(f"Thông báo ({left})" if left else "Thông báo")

    enrollment = batch.data["items"][-1]["enrollment"]
    page.goto(f"/registrations/{enrollment}/history/")
    expect(page.locator("h1")).to_have_text("Lịch sử phiếu")
    history = page.locator("ol.history")
    for words in ("Nộp phiếu", "Bùi Thị Uyên", "Nhập từ phiếu giấy", "Thêm tiêu chí"):
        expect(history).to_contain_text(words)
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(page, f"registration-history-{viewport}")

    page.goto("/notifications/")
    if left:
        page.get_by_role("button", name="Đánh dấu đã đọc tất cả").click()
        expect(page.locator(".messages")).to_contain_text(f"Đã đánh dấu {left} thông báo")
    expect(page.locator("nav.mainnav .nav-inbox")).to_have_text("Thông báo")
