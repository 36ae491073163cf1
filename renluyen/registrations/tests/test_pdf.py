"""The PDF of a member's form and of a branch's confirmed forms."""

import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from renluyen import factories
from renluyen.organizations.models import Role
from renluyen.programs import catalog_2020
from renluyen.programs.models import Criterion
from renluyen.registrations import pdf, services
from renluyen.registrations.models import ItemKind
from renluyen.registrations.services import ItemDraft


@pytest.fixture
def secretary(org):
    user = factories.user(first_name="Minh", last_name="Trần Văn")
    factories.role(user, org["branch_a1"], Role.BRANCH_SECRETARY)
    return user


@pytest.fixture
def enrollment(org, program, member_user):
    member = factories.member(
        branch=org["branch_a1"], user=member_user, name="Phạm Thị Hường", code="DV/2020 017"
    )
    return factories.enroll(program, member)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(response) -> tuple[str, int]:
    """The PDF's text with runs of whitespace made one space (lines wrap anywhere), and its
    number of pages."""
    reader = PdfReader(io.BytesIO(response.content))
    words = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", words), len(reader.pages)


def one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def test_the_bundled_font_has_every_letter_of_the_catalog_and_the_form():
    letters = set(str(catalog_2020.AREAS)) | set("ĐOÀN TNCS HỒ CHÍ MINH PHIẾU ĐĂNG KÝ …–—")
    letters |= set("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    for filename in pdf.FONT_FILES.values():
        cmap = TTFont(pdf.FONT_DIR / filename).getBestCmap()
        assert sorted(ch for ch in letters if ch.isprintable() and ord(ch) not in cmap) == []


def test_it_downloads_the_members_form_as_a_pdf(enrollment, member_user, secretary):
    registration = factories.registration(enrollment, per_area=3, confirm_by=secretary)
    response = client_for(member_user).get(reverse("registrations:pdf", args=[enrollment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="phieu-dang-ky-DV-2020-017.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    words, pages = pdf_text(response)
    assert pages >= 1
    assert "Phạm Thị Hường" in words
    assert "PHIẾU ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN" in words
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in words
    assert "Năm học 2020–2021" in words
    # 4.3 has ư, ệ and ổ ("Không sử dụng", "bệnh", "tuổi").
    criterion = Criterion.objects.get(area__program=enrollment.program, code="4.3")
    assert {"ư", "ệ", "ổ"} <= set(criterion.text)
    assert registration.items.filter(criterion=criterion).exists()
    for item in registration.items.select_related("criterion"):
        assert one_line(f"{item.criterion.code}. {item.criterion.text}") in words
    assert "XÁC NHẬN CỦA BAN CHẤP HÀNH CHI ĐOÀN" in words
    assert "Trần Văn Minh" in words
    assert "BẢN NHÁP" not in words


def test_a_draft_pdf_says_it_is_a_draft(enrollment, member_user):
    factories.registration(enrollment)
    response = client_for(member_user).get(reverse("registrations:pdf", args=[enrollment.pk]))
    words, _pages = pdf_text(response)
    assert "BẢN NHÁP — CHƯA XÁC NHẬN" in words
    assert "(Chưa xác nhận)" in words


def test_a_long_form_runs_onto_more_pages(enrollment, member_user, program):
    long = "Tham gia sinh hoạt chi đoàn, ghi chép và báo cáo kết quả rèn luyện. " * 12
    drafts = factories.drafts(program, per_area=4, solution=long)
    area = program.areas.get(number=5)
    drafts.append(
        ItemDraft(
            area=area,
            kind=ItemKind.OPEN,
            text="Viết bài cho bản tin chi đoàn về gương người tốt việc tốt",
            solution="Mỗi quý một bài.",
            open_key="new-5-1",
        )
    )
    # Longer than a page: fpdf2 cannot split a table row, so it goes on in further rows.
    # 85 sentences: just under core.text.MAX_TEXT characters, the most a solution holds.
    drafts[0].solution = "Đọc sách về lịch sử Đoàn và ghi chép cảm nhận. " * 85
    services.registration_save(enrollment=enrollment, user=member_user, drafts=drafts)
    response = client_for(member_user).get(reverse("registrations:pdf", args=[enrollment.pk]))
    words, pages = pdf_text(response)
    assert pages > 3
    assert words.count("Đọc sách về lịch sử Đoàn và ghi chép cảm nhận.") == 85
    assert "Viết bài cho bản tin chi đoàn về gương người tốt việc tốt" in words
    assert "NGƯỜI ĐĂNG KÝ" in words


def test_the_pdf_is_refused_like_the_print_page(enrollment, people, org):
    factories.registration(enrollment)
    url = reverse("registrations:pdf", args=[enrollment.pk])
    other = factories.user()
    factories.member(branch=org["branch_a1"], user=other)
    assert client_for(other).get(url).status_code == 404
    assert client_for(people["secretary_b1"]).get(url).status_code == 404


def test_the_branch_pdf_has_a_page_per_confirmed_form(org, program, secretary, enrollment):
    names = ["Ngô Thị Yến", "Bùi Thị Ánh", "Hoàng Văn Dũng"]
    for name in names:
        member = factories.member(
            branch=org["branch_a1"],
            user=factories.user(),
            name=name,
            date_of_birth=date(2001, 1, 1),
        )
        factories.registration(factories.enroll(program, member), confirm_by=secretary)
    factories.registration(enrollment)  # a draft: left out

    url = reverse("registrations:branch_pdf", args=[org["branch_a1"].pk])
    response = client_for(secretary).get(url)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="phieu-dang-ky-{org["branch_a1"].code}-2020-2021.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= len(names)
    first_pages = [
        re.sub(r"\s+", " ", page.extract_text())
        for page in reader.pages
        if "PHIẾU ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN" in page.extract_text()
    ]
    # Each form starts on a page of its own, in name order.
    assert [next(n for n in names if n in page) for page in first_pages] == sorted(names)
    words, _pages = pdf_text(response)
    assert "Phạm Thị Hường" not in words


def test_the_branch_pdf_without_confirmed_forms_is_a_page_saying_so(org, program, secretary):
    url = reverse("registrations:branch_pdf", args=[org["branch_a1"].pk])
    response = client_for(secretary).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Chi đoàn A1 chưa có phiếu nào được xác nhận." in response.content.decode()


def test_the_branch_pdf_is_404_for_another_branch(org, program, people):
    url = reverse("registrations:branch_pdf", args=[org["branch_a1"].pk])
    assert client_for(people["secretary_b1"]).get(url).status_code == 404
