"""In Chromium: each demo account logs in through the form and lands on its home page,
on a 360-px phone and on a desktop screen; wrong password, logout and language switch."""

import pytest
from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot

BASE = "Đoàn trường Đại học Kinh tế - ĐHQGHN"
BRANCH = "Chi đoàn QH-2020-E KTCT"
FEDERATION = "Liên chi đoàn Khoa Tài chính - Ngân hàng"
# What each demo account sees on its home page: the role and the unit, in Vietnamese.
HOME = {
    "admin": f"Quản trị hệ thống — {BASE}",
    "thuongvu": f"Ủy viên Ban Thường vụ Đoàn trường — {BASE}",
    "vanphong": f"Văn phòng Đoàn — {BASE}",
    "kiemtra": f"Ủy viên Ủy ban Kiểm tra — {BASE}",
    "giamsat": f"Ủy viên BCH Đoàn trường (phụ trách đơn vị) — {FEDERATION}",
    "lienchi": "Ủy viên BCH Liên chi đoàn — Liên chi đoàn Khoa Kinh tế Chính trị",
    "bithu": f"Bí thư chi đoàn — {BRANCH}",
    "phobithu": f"Phó Bí thư chi đoàn — {BRANCH}",
    "uyvien": f"Ủy viên BCH chi đoàn — {BRANCH}",
}


@pytest.mark.parametrize("username", [*HOME, "doanvien"])
def test_each_demo_account_logs_in_and_sees_its_role_and_unit(
    demo, live_server, page, viewport, username
):
    log_in(page, username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("Xin chào,")
    if username == "doanvien":
        card = page.locator("#my-record")
        expect(card).to_contain_text("Hồ sơ đoàn viên của tôi")
        expect(card).to_contain_text("Ngô Minh Đức")
        expect(card).to_contain_text(f"Chi đoàn: {BRANCH}")
        expect(page.locator(".role-card")).to_have_count(0)
    else:
        expect(page.locator(".role-card h2").first).to_have_text(HOME[username])
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    if username in ("bithu", "thuongvu", "doanvien"):
        screenshot(page, f"home-{viewport}-{username}")


def test_a_wrong_password_shows_the_vietnamese_error(demo, live_server, page):
    log_in(page, "bithu", "sai-mat-khau")
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu chính xác")
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def test_logout_ends_the_session(demo, live_server, page):
    log_in(page, "bithu")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.goto("/members/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/members/")


def test_the_language_switches_to_english_and_back(demo, page):
    log_in(page, "bithu")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_contain_text("Hello,")
    expect(page.locator(".role-card h2").first).to_have_text(f"Branch secretary — {BRANCH}")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # The choice sticks from page to page.
    page.get_by_role("navigation").get_by_role("link", name="Members").click()
    expect(page.locator("h1")).to_have_text("Members")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("h1")).to_have_text("Đoàn viên")
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("Xin chào,")
