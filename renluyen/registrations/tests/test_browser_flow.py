"""The whole of Bước 1 in the browser on a phone: the member registers, the secretary returns
the form with a comment, the member fixes it and sends it again, the secretary confirms, and
the member sees "Đã xác nhận" and prints the form."""

import pytest
from playwright.sync_api import expect

from renluyen import factories
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.organizations.models import Role
from renluyen.registrations.models import Registration, State

PASSWORD = "pw-for-tests-123"
SOLUTION = "Tham gia đầy đủ sinh hoạt chi đoàn, ghi chép và báo cáo mỗi tháng."


@pytest.fixture
def year(org):
    program = factories.program(unit=org["base"])
    member = factories.member(
        branch=org["branch_a1"], name="Lê Thị Hoa", user=factories.user("hoa")
    )
    secretary = factories.user("bithu_a1", first_name="Bình", last_name="Nguyễn Thị")
    factories.role(secretary, org["branch_a1"], Role.BRANCH_SECRETARY)
    return program, factories.enroll(program, member)


def switch_to(page, username):
    page.context.clear_cookies()
    log_in(page, username, password=PASSWORD)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_register_return_fix_confirm_print(page, org, year):
    program, enrollment = year
    chosen = factories.drafts(program)  # 2 catalog criteria in each of the 5 areas

    # The member ticks 9 criteria first: the form is saved but not sent, and says why.
    log_in(page, "hoa", password=PASSWORD)
    page.goto("/registrations/mine/")
    for draft in chosen[:9]:
        page.locator(f'input[name="pick"][value="{draft.key}"]').check()
        page.locator(f"#f-{draft.key}-solution").fill(SOLUTION)
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator("main")).to_contain_text("Cần ít nhất 10 tiêu chí, hiện có 9")
    assert Registration.objects.get(enrollment=enrollment).state == State.DRAFT

    # The tenth criterion, then the form goes to the committee.
    last = chosen[9]
    page.locator(f'input[name="pick"][value="{last.key}"]').check()
    page.locator(f"#f-{last.key}-solution").fill(SOLUTION)
    expect(page.locator("#counter")).to_contain_text("10 tiêu chí (tối thiểu 10)")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator("main")).to_contain_text("Đã nộp")
    screenshot(page, "registration-submitted-phone")

    # The secretary opens the branch list, then the form, and returns it with a comment.
    switch_to(page, "bithu_a1")
    page.goto(f"/registrations/branch/{org['branch_a1'].pk}/")
    page.get_by_role("link", name="Xem và duyệt").first.click()
    item = Registration.objects.get(enrollment=enrollment).items.get(criterion=chosen[6].criterion)
    page.locator(f"#comment-{item.pk}").fill("Giải pháp cần nêu rõ mỗi tháng đọc mấy cuốn sách.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.locator("main")).to_contain_text("Trả lại để sửa")

    # The member sees the comment beside that criterion, fixes the solution, sends again.
    switch_to(page, "hoa")
    page.goto("/registrations/mine/")
    row = page.locator(f"#item-{chosen[6].key}")
    expect(row).to_contain_text("mỗi tháng đọc mấy cuốn sách")
    row.locator("textarea").fill("Mỗi tháng đọc hai cuốn sách chuyên ngành và viết tóm tắt.")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator("main")).to_contain_text("Đã nộp")

    # The secretary confirms.
    switch_to(page, "bithu_a1")
    page.goto(f"/registrations/{enrollment.pk}/review/")
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã xác nhận")

    # The member sees the confirmed form and prints it.
    switch_to(page, "hoa")
    page.goto("/registrations/mine/")
    expect(page.locator("main")).to_contain_text("Đã xác nhận")
    expect(page.locator("main")).to_contain_text("Mỗi tháng đọc hai cuốn sách chuyên ngành")
    screenshot(page, "registration-confirmed-phone")
    page.get_by_role("link", name="In phiếu").click()
    expect(page.locator("body")).to_contain_text("PHIẾU ĐĂNG KÝ RÈN LUYỆN")
    expect(page.locator("body")).to_contain_text("Lê Thị Hoa")
    expect(page.locator("body")).to_contain_text("XÁC NHẬN CỦA BAN CHẤP HÀNH CHI ĐOÀN")
    screenshot(page, "registration-print")

    registration = Registration.objects.get(enrollment=enrollment)
    assert registration.state == State.CONFIRMED
    assert registration.items.filter(confirmed_at__isnull=False).count() == 10
    assert registration.comments.get().text.startswith("Giải pháp cần nêu rõ")
