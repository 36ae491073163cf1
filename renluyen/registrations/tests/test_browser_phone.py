"""The member's training form on a 360-px phone (issue 10, item 3): the 10 choices within
3 screens of scrolling, each criterion by its short title with the full text one tap
away, a sticky counter that jumps to each area, and every tap target at least 44 × 44."""

import pytest
from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.registrations.tests import phone


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_ten_choices_within_three_screens(page, org):
    member = phone.build_member(org)
    log_in(page, member.username, password=phone.PASSWORD)
    measured = phone.choose_ten(page, member.enrollment)
    assert measured.scroll_screens <= 3, phone.describe(measured)
    assert measured.small == [], measured.small
    counter = page.locator("#counter")
    expect(counter).to_have_text("10 tiêu chí (tối thiểu 10) · 5/5 nội dung")
    # The counter stays on screen however far the member scrolls.
    page.locator("#area-5").scroll_into_view_if_needed()
    assert counter.bounding_box()["y"] >= 0 and counter.is_visible()
    screenshot(page, "registration-form-phone-ten")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_full_text_is_one_tap_away_and_the_areas_one_jump(page, org):
    member = phone.build_member(org)
    log_in(page, member.username, password=phone.PASSWORD)
    page.goto(f"/registrations/{member.enrollment.pk}/")
    row = page.locator("#area-1 [data-row]").first
    expect(row.locator(".rf-short")).to_have_text("Học tập nghị quyết của Đảng…")
    expect(row.locator(".rf-long")).to_be_hidden()
    row.get_by_role("button", name="Nội dung đầy đủ của 1.1").click()
    expect(row.locator(".rf-long")).to_be_visible()
    expect(row.locator(".rf-long")).to_contain_text("Ban Thường vụ Trung ương Đoàn.")
    # The area chips jump; the own criterion waits behind its button.
    page.locator(".rf-jump a", has_text="4").first.click()
    assert page.evaluate("location.hash") == "#area-4"
    assert page.locator("#area-4").bounding_box()["y"] < 200
    expect(page.locator("#area-4 .rf-open-text")).to_be_hidden()
    page.locator("#area-4").get_by_role("button", name="Thêm tiêu chí tự đề ra").click()
    expect(page.locator("#area-4 .rf-open-text").first).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
