"""The downloadable templates document the columns (views.template)."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renluyen.core.tests.helpers import text
from renluyen.imports.models import MemberImport
from renluyen.imports.tests.helpers import HEADER, upload

DOCUMENTED = HEADER


def test_the_xlsx_template_opens_and_documents_every_column(office_client, codes):
    response = office_client.get(
        f"{reverse('imports:template', args=['xlsx'])}?unit={codes['fed_a'].pk}"
    )
    assert response["Content-Disposition"] == 'attachment; filename="mau-danh-sach-doan-vien.xlsx"'
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Danh sách đoàn viên", "Hướng dẫn", "Mã chi đoàn"]
    members, guide, branches = book.worksheets
    assert [c.value for c in members[1]] == DOCUMENTED
    example = [c.value for c in members[2]]
    assert example[:2] == ["VIDU-001", "Nguyễn Văn An"] and example[7] == "CD-A1"
    assert [c.value for c in guide[1]] == ["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"]
    documented = {r[0].value: r[2].value for r in guide.iter_rows(min_row=2, max_row=10)}
    assert list(documented) == DOCUMENTED
    assert "Sinh viên" in documented["Đối tượng"] and "Giảng viên" in documented["Đối tượng"]
    assert "ngày/tháng/năm" in documented["Ngày sinh"].lower()
    assert [(r[0].value, r[1].value) for r in branches.iter_rows(min_row=2)] == [
        ("CD-A1", "Chi đoàn A1"),
        ("CD-A2", "Chi đoàn A2"),
    ]


def test_the_csv_template_has_a_bom_for_excel(office_client):
    response = office_client.get(reverse("imports:template", args=["csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, example = response.content.decode("utf-8-sig").splitlines()
    assert header.split(",") == DOCUMENTED
    assert example.startswith("VIDU-001,Nguyễn Văn An,05/09/2003,")


def test_the_untouched_template_is_not_imported_by_mistake(office_client, codes, program):
    response = office_client.get(
        f"{reverse('imports:template', args=['xlsx'])}?unit={codes['branch_a1'].pk}"
    )
    file = SimpleUploadedFile("mau.xlsx", response.content)
    response = upload(office_client, codes["branch_a1"], file, program)
    page = text(office_client.get(response.url))
    assert "Dòng “VIDU-001” là dòng ví dụ của tệp mẫu; hãy xóa dòng này trước khi tải lên." in page
    assert MemberImport.objects.get().bad_rows == 1


def test_the_template_lists_only_branches_the_user_may_import_into(client, people, codes):
    client.force_login(people["secretary_a1"])
    url = reverse("imports:template", args=["xlsx"])
    assert client.get(f"{url}?unit={codes['branch_b1'].pk}").status_code == 404
    assert client.get(url).status_code == 200
