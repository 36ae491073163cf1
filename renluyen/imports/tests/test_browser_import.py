"""In Chromium: a branch secretary imports a list, fixes a bad row, confirms (whole flow)."""

from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.imports.tests.helpers import HEADER, row, xlsx_bytes
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment

PHONE_WIDTH = 360 + 2
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choose(page, rows):
    header = HEADER[:7]  # no branch column: the secretary imports into their own branch
    data = xlsx_bytes([r[:7] for r in rows], header=header)
    page.locator("#id_file").set_input_files(
        {"name": "chi-doan.xlsx", "mimeType": XLSX, "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()


def _fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a 360-px phone"


def test_a_secretary_imports_the_branch_list(demo, page, viewport):
    log_in(page, "bithu")
    page.get_by_role("link", name="Nhập danh sách đoàn viên").click()
    expect(page.locator("h1")).to_have_text("Nhập danh sách đoàn viên")
    if viewport == "phone":
        screenshot(page, "import-upload-phone")
        _fits_a_phone(page)
    members_before = Member.objects.count()

    _choose(page, [row("DV20200001", phone="0911222333"), row("DV-MOI-1", name="")])
    expect(page.locator("h1")).to_have_text("Kiểm tra danh sách nhập")
    expect(page.locator("table.bad-rows")).to_contain_text("Dòng 3")
    expect(page.locator("table.bad-rows")).to_contain_text("Thiếu họ và tên.")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    if viewport == "phone":
        screenshot(page, "import-bad-rows-phone")
        _fits_a_phone(page)
    assert Member.objects.count() == members_before

    page.get_by_role("link", name="Tải lên tệp khác").click()
    existing = Member.objects.get(code="DV20200001")
    _choose(
        page,
        [
            row("DV20200001", existing.full_name, dob=existing.date_of_birth.strftime("%d/%m/%Y"),
                gender="Nam" if existing.gender == "male" else "Nữ", phone="0911222333"),
            row("DV-MOI-1", "Phan Thị Mới"),
        ],
    )  # fmt: skip
    expect(page.locator("#counts")).to_contain_text("1 đoàn viên thêm mới")
    expect(page.locator("#counts")).to_contain_text("1 cập nhật")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập: thêm mới 1 đoàn viên")
    if viewport == "phone":
        screenshot(page, "import-done-phone")

    assert Member.objects.count() == members_before + 1
    assert Member.objects.get(code="DV20200001").phone == "0911222333"
    new = Member.objects.get(code="DV-MOI-1")
    assert new.branch.code == "CD-1"
    assert Enrollment.objects.filter(member=new, branch__code="CD-1").exists()
