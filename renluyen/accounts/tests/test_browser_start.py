"""In Chromium, a school starts (issue 9): the Union office imports a small list, makes
the accounts and prints a branch's activation sheet; a member activates on a phone with
the code, chooses a password and registers; the standing committee hands a branch
secretary's role over to the deputy elected by the branch congress."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from renluyen.core.demo import current_school_year
from renluyen.core.tests.browser import VIEWPORTS, log_in, screenshot
from renluyen.imports.tests.helpers import row, xlsx_bytes
from renluyen.organizations.models import Role, RoleAssignment, Unit
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment
from renluyen.registrations.models import Registration, State
from renluyen.registrations.services import extension_grant

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "Mật-khẩu-của-Mai-2026"
SOLUTION = "Tham gia đầy đủ sinh hoạt chi đoàn, ghi chép và báo cáo mỗi tháng."


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_school_starts(demo, page, chromium_browser, live_server):
    base = Unit.objects.get(code="DHKT")
    branch = Unit.objects.get(code="CD-9")

    # The office imports two new members of CD-9: one with an email, one without.
    log_in(page, "vanphong")
    page.goto(f"/imports/?unit={base.pk}")
    data = xlsx_bytes(
        [
            row("QH27-001", "Đinh Thị Mai", branch="CD-9"),
            row("QH27-002", "Lò Văn Tuấn", branch="CD-9", email="tuan@example.edu.vn"),
        ]
    )
    page.locator("#id_file").set_input_files(
        {"name": "khoa-moi.xlsx", "mimeType": XLSX, "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập: thêm mới 2 đoàn viên")

    # Accounts for the whole school, from the import's result page.
    without = Member.objects.filter(user__isnull=True).count()
    page.locator("#make-accounts").get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã tạo {without} tài khoản")
    assert not Member.objects.filter(user__isnull=True).exists()
    mai = Member.objects.get(code="QH27-001")
    assert not mai.user.has_usable_password()

    # The sheet of CD-9: the member without email gets a code.
    page.goto(f"/accounts/units/{branch.pk}/sheet/")
    page.get_by_role("button", name="Tạo mã và xem phiếu").click()
    sheet_row = page.locator("table.codes tr", has_text="QH27-001")
    expect(sheet_row).to_contain_text("Đinh Thị Mai")
    expect(page.locator("table.codes")).not_to_contain_text("QH27-002")  # invited by email
    code = sheet_row.locator("td.code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    screenshot(page, "accounts-activation-sheet")

    # Mai, on her phone at the branch meeting: activates, chooses a password, registers.
    phone_context = chromium_browser.new_context(
        base_url=live_server.url, viewport=VIEWPORTS["phone"], locale="vi-VN"
    )
    phone = phone_context.new_page()
    try:
        phone.goto("/login/")
        phone.get_by_role("link", name="Kích hoạt tài khoản").click()
        phone.locator("#id_member_code").fill("qh27-001")
        phone.locator("#id_code").fill(code.lower().replace("-", " "))
        phone.locator("#id_password").fill(PASSWORD)
        phone.locator("#id_password2").fill(PASSWORD)
        phone.get_by_role("button", name="Kích hoạt và đăng nhập").click()
        expect(phone.get_by_role("status")).to_contain_text("Tài khoản của bạn đã sẵn sàng")
        screenshot(phone, "accounts-activated-phone")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 362

        enrollment = Enrollment.objects.get(
            member=mai, program__status="open", program__school_year=current_school_year()
        )
        program = enrollment.program
        # The demo's year is in its middle (registration closed weeks ago): a member who
        # joins now is given time by her branch committee.
        extension_grant(
            enrollment=enrollment,
            user=get_user_model().objects.get(username="admin"),
            until=timezone.localdate() + timedelta(days=7),
            reason="Đoàn viên mới chuyển đến, đăng ký muộn.",
        )
        phone.goto("/registrations/mine/")
        picked = 0
        for area in program.areas.order_by("number"):
            criteria = area.criteria.filter(Q(member_type="") | Q(member_type=mai.member_type))
            for criterion in criteria.order_by("order")[:2]:
                key = f"c{criterion.pk}"
                phone.locator(f'input[name="pick"][value="{key}"]').check()
                phone.locator(f"#f-{key}-solution").fill(SOLUTION)
                picked += 1
        phone.get_by_role("button", name="Nộp phiếu").click()
        expect(phone.locator("main")).to_contain_text("Đã nộp")
        assert picked == 10
        assert Registration.objects.get(enrollment=enrollment).state == State.SUBMITTED

        # The next day she signs in with her member code and the password she chose.
        phone_context.clear_cookies()
        log_in(phone, "QH27-001", PASSWORD)
        expect(phone.locator("main")).to_contain_text("Đinh Thị Mai")
    finally:
        phone_context.close()

    # The branch congress of CD-1 elected the deputy: the standing committee hands over.
    page.context.clear_cookies()
    log_in(page, "thuongvu")
    cd1 = Unit.objects.get(code="CD-1")
    page.goto(f"/units/{cd1.pk}/")
    secretary_row = page.locator("#roles tr", has_text="Nguyễn Thị Bình")
    secretary_row.get_by_role("link", name="Bàn giao").click()
    page.locator("#handover-person").fill("hoang van")
    page.get_by_label(re.compile("Hoàng Văn Phó")).check()
    page.locator("#handover-form").get_by_role("button", name="Bàn giao").click()
    expect(page.get_by_role("status")).to_contain_text("đã bàn giao vai trò “Bí thư chi đoàn”")
    screenshot(page, "roles-handover")
    holders = RoleAssignment.objects.active().filter(unit=cd1, role=Role.BRANCH_SECRETARY)
    assert [a.user.username for a in holders] == ["phobithu"]
    expect(page.locator("#roles")).to_contain_text("Các nhiệm kỳ trước")
