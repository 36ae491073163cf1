"""The year's end in the browser, on a phone: the upper-level Union opens its dashboard and
drills down to a branch; the branch secretary sends the branch's result report; the
Union office sees it, marks it received and downloads the figures as Excel."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from renluyen.core.demo import previous_school_year
from renluyen.core.tests.browser import log_in, screenshot
from renluyen.evaluations import services
from renluyen.organizations.models import Unit
from renluyen.programs.models import Program
from renluyen.reports.models import Report, ReportState


def switch_to(page, username):
    page.context.clear_cookies()
    log_in(page, username)


def fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_upper_dashboard_to_a_branch_report_received_and_exported(page, demo_evaluation):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    units = {
        u.code: u for u in Unit.objects.filter(code__in=["DHQGHN", "DHKT", "LCD-KTCT", "CD-1"])
    }
    # The year under evaluation in the demo.
    program = Program.objects.get(unit=units["DHKT"], school_year=previous_school_year())
    # CD-1 holds its meeting and finalizes, those it could not score included.
    bithu = get_user_model().objects.get(username="bithu")
    services.meeting_save(
        program=program,
        branch=units["CD-1"],
        user=bithu,
        meeting_date=timezone.localdate(),
        attendee_ids=[],
        minutes="Họp chi đoàn đánh giá.",
    )
    services.branch_finalize(
        program=program, branch=units["CD-1"], user=bithu, accept_unevaluated=True
    )

    # The upper-level Union: its dashboard, then down to the school, the federation, CD-1.
    log_in(page, "doancaptren")
    page.goto(f"/dashboards/unit/{units['DHQGHN'].pk}/?year={program.school_year}")
    main = page.locator("main")
    expect(main).to_contain_text("Bảng theo dõi — Đoàn ĐHQGHN")
    expect(main).to_contain_text("300")
    expect(page.locator("svg.chart").first).to_be_visible()
    fits_the_screen(page)
    screenshot(page, "dashboard-upper-phone")
    page.locator(f"#unit-{units['DHKT'].pk} a").first.click()
    expect(main).to_contain_text("Bảng theo dõi — Đoàn trường Đại học Kinh tế - ĐHQGHN")
    expect(main).to_contain_text("Thời hạn")
    fits_the_screen(page)
    page.locator(f"#unit-{units['LCD-KTCT'].pk} a").first.click()
    expect(main).to_contain_text("Bảng theo dõi — Liên chi đoàn Khoa Kinh tế Chính trị")
    page.locator(f"#unit-{units['CD-1'].pk} a").first.click()
    expect(main).to_contain_text("Bảng theo dõi — Chi đoàn QH-2020-E KTCT")
    expect(page.locator("table.members")).to_contain_text("Ngô Minh Đức")
    fits_the_screen(page)
    screenshot(page, "dashboard-branch-phone")
    # Read-only: the upper level writes no report.
    expect(main).not_to_contain_text("Lưu nháp")

    # The secretary sends CD-1's report from the branch's dashboard.
    switch_to(page, "bithu")
    page.goto(f"/dashboards/unit/{units['CD-1'].pk}/?program={program.pk}")
    page.get_by_role("link", name="Báo cáo kết quả gửi Văn phòng Đoàn").click()
    expect(main).to_contain_text("Xem trước")
    page.locator("#id_achievements").fill("Chi đoàn họp triển khai đầy đủ, 100% đoàn viên đăng ký.")
    page.locator("#id_difficulties").fill("Một số đoàn viên đi thực tập xa.")
    page.locator("#id_commendations").fill("Đề nghị tuyên dương hai đoàn viên xuất sắc.")
    page.get_by_role("button", name="Gửi Văn phòng Đoàn").click()
    expect(main).to_contain_text("Đã gửi báo cáo tới Văn phòng Đoàn.")
    expect(page.locator("#report-state")).to_have_text("Đã gửi, chờ Văn phòng")
    expect(main).to_contain_text("-BC/CĐ")
    fits_the_screen(page)

    # The office: the list of reports, the report, received; then the Excel.
    switch_to(page, "vanphong")
    page.goto("/")
    page.get_by_role("link", name="báo cáo kết quả chờ Văn phòng Đoàn tiếp nhận").first.click()
    row = page.locator(f"#unit-{units['CD-1'].pk}")
    expect(row).to_contain_text("Đã gửi, chờ Văn phòng")
    fits_the_screen(page)
    row.get_by_role("link").first.click()
    page.get_by_role("button", name="Đánh dấu đã nhận").click()
    expect(main).to_contain_text("Đã đánh dấu đã nhận báo cáo.")
    expect(page.locator("#report-state")).to_have_text("Văn phòng đã nhận")
    report = Report.objects.get(unit=units["CD-1"], program=program)
    assert report.state == ReportState.RECEIVED and report.number is not None

    page.goto(f"/dashboards/unit/{units['DHKT'].pk}/?program={program.pk}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Điểm của đoàn viên (Excel)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).worksheets[0]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert "Ngô Minh Đức" in {r[2] for r in rows}
    assert len({r[1] for r in rows}) == 300  # every member of the school, by code
    cd1 = [r for r in rows if r[0].endswith("Chi đoàn QH-2020-E KTCT")]
    assert cd1 and all(r[0].startswith("Đoàn trường Đại học Kinh tế - ĐHQGHN › ") for r in cd1)
