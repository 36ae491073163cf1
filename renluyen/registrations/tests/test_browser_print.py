"""In Chromium: the print page on a phone, and what the browser prints on A4."""

import io

import pytest
from pypdf import PdfReader

from renluyen import factories
from renluyen.core.tests.browser import log_in

PHONE_WIDTH = 360 + 2  # a few pixels of slack for sub-pixel rounding


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_draft_reads_on_a_phone_and_prints_on_a4(page, transactional_db):
    org = factories.tree()
    program = factories.program(unit=org["base"])
    user = factories.user("hoa")
    member = factories.member(branch=org["branch_a1"], user=user, name="Phạm Thị Hường")
    enrollment = factories.enroll(program, member)
    factories.registration(enrollment)

    log_in(page, "hoa", "pw-for-tests-123")
    page.goto(f"/registrations/{enrollment.pk}/print/")
    assert page.get_by_role("button", name="In phiếu").is_visible()
    assert page.get_by_role("note").inner_text() == "BẢN NHÁP — CHƯA XÁC NHẬN"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # What the printer gets: A4 pages without the toolbar, the form's text in them.
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="In phiếu").is_visible()
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    printed = " ".join(p.extract_text() for p in reader.pages)
    assert "PHIẾU ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN" in printed
    assert "Tải PDF" not in printed
