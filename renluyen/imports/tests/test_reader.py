"""Reading whole files (renluyen/imports/reader.py): formats, headers, row numbers."""

import pytest

from renluyen.core.errors import DomainError
from renluyen.imports.reader import parse
from renluyen.imports.tests.helpers import HEADER, csv_file, row, with_shared_strings, xlsx_bytes


def _parse(data, name="ds.xlsx", **kwargs):
    kwargs.setdefault("branch_optional", True)
    return parse(data, name, **kwargs)


def test_it_reads_an_xlsx_into_normalised_rows():
    data = xlsx_bytes([row("DV1", "Trần Thị Bình", dob="01/02/2002", gender="Nữ",
                           email="binh@example.edu.vn", phone="0987654321", branch="CD-A1",
                           status="Đang sinh hoạt")])  # fmt: skip
    parsed = _parse(data)
    assert parsed.kind == "xlsx"
    assert parsed.header_row == 1
    assert parsed.problems == []
    assert parsed.rows == [
        [2, "DV1", "Trần Thị Bình", "2002-02-01", "female", "student",
         "binh@example.edu.vn", "0987654321", "CD-A1", "active"]
    ]  # fmt: skip


def test_a_workbook_saved_by_excel_with_shared_strings_reads_the_same():
    data = xlsx_bytes([row("DV1", "Trần Thị Bình"), row("DV2", "Lê Văn Cường", dob="")])
    shared = with_shared_strings(data)
    assert shared != data
    assert _parse(shared).rows == _parse(data).rows
    assert [r[2] for r in _parse(shared).rows] == ["Trần Thị Bình", "Lê Văn Cường"]


def test_row_numbers_are_the_spreadsheets_even_with_a_title_and_blank_rows():
    data = xlsx_bytes(
        [row("DV1"), [None] * 9, row("DV2", name="")],
        above=[["DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN A1"], []],
    )
    parsed = _parse(data)
    assert parsed.header_row == 3
    assert [r[0] for r in parsed.rows] == [4, 6]
    assert parsed.problems == [[6, "missing_full_name", {}]]


def test_it_reads_a_csv_with_a_bom_and_semicolons():
    data = csv_file([row("DV1", "Lê Văn Cường")], delimiter=";").read()
    parsed = _parse(data, "ds.csv")
    assert parsed.kind == "csv"
    assert parsed.rows[0][:3] == [2, "DV1", "Lê Văn Cường"]


def test_it_reads_a_csv_without_a_bom_with_commas():
    data = csv_file([row("DV1", "Lê Văn Cường")], bom=False).read()
    assert _parse(data, "ds.csv").rows[0][:3] == [2, "DV1", "Lê Văn Cường"]


def test_it_reads_excels_unicode_text_tab_separated():
    content = "\t".join(HEADER[:5]) + "\r\n" + "\t".join(row("DV1", "Võ Thị Én")[:5]) + "\r\n"
    parsed = _parse(content.encode("utf-16"), "ds.txt")
    assert parsed.rows[0][:3] == [2, "DV1", "Võ Thị Én"]


def test_english_headers_in_another_order_are_accepted():
    header = ["full_name", "code", "member_type", "note"]
    data = xlsx_bytes([["Phạm Thu", "DV9", "staff", "x"]], header=header)
    parsed = _parse(data)
    assert parsed.rows[0][:3] == [2, "DV9", "Phạm Thu"]
    assert parsed.rows[0][5] == "staff"
    assert parsed.ignored == ["note"]


def test_a_code_used_twice_names_both_rows():
    parsed = _parse(xlsx_bytes([row("DV1"), row("DV2"), row("DV1")]))
    duplicates = [p for p in parsed.problems if p[1] == "duplicate_in_file"]
    assert duplicates == [
        [2, "duplicate_in_file", {"code": "DV1", "rows": "2, 4"}],
        [4, "duplicate_in_file", {"code": "DV1", "rows": "2, 4"}],
    ]


def test_missing_required_columns_are_named():
    data = xlsx_bytes([["DV1", "Sinh viên"]], header=["Mã đoàn viên", "Đối tượng"])
    with pytest.raises(DomainError) as caught:
        _parse(data)
    assert "Thiếu cột bắt buộc: Họ và tên." in str(caught.value)


def test_the_branch_code_column_is_required_above_a_branch():
    data = xlsx_bytes([row("DV1")[:5]], header=HEADER[:5])
    with pytest.raises(DomainError) as caught:
        _parse(data, branch_optional=False)
    assert "Mã chi đoàn" in str(caught.value)
    assert _parse(data, branch_optional=True).rows


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "ds.xlsx", "Tệp không có dữ liệu."),
        (xlsx_bytes([]), "ds.xlsx", "Tệp có dòng tiêu đề nhưng không có dòng đoàn viên nào."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ds.xls", "tệp Excel cũ (.xls)"),
        (b"%PDF-1.4 ...", "ds.pdf", "Tệp phải là bảng tính Excel (.xlsx) hoặc tệp CSV (.csv)."),
        (b"PK\x03\x04 not really a zip", "ds.xlsx", "Không đọc được tệp Excel"),
        ("Mã,Tên\nDV1,Thái Hà\n".encode("cp1252"), "ds.csv", "không dùng mã UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(DomainError) as caught:
        _parse(data, name)
    assert message in str(caught.value)


def test_too_many_rows_are_refused():
    data = xlsx_bytes([row(f"DV{i}") for i in range(6)])
    with pytest.raises(DomainError) as caught:
        _parse(data, max_rows=5)
    assert "Tệp có hơn 5 dòng đoàn viên" in str(caught.value)


def test_the_list_is_found_on_the_first_sheet_that_has_its_header():
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(xlsx_bytes([row("DV1")])))
    book.active.title = "Danh sách"
    cover = book.create_sheet("Bìa", 0)
    cover.append(["Trường ĐH Kinh tế"])
    out = BytesIO()
    book.save(out)
    assert _parse(out.getvalue()).rows[0][1] == "DV1"
