"""Files made to hold a worker: every row read counts (blank ones too), reading stops at a
row cap and a time budget, and odd files are refused with a message, never a 500."""

import io
import re
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from renluyen.core.tests.helpers import text
from renluyen.imports.models import MemberImport
from renluyen.imports.reader import MAX_BYTES, MAX_ROWS_READ
from renluyen.imports.tests.helpers import HEADER, csv_file, row, upload, xlsx_bytes


def with_blank_rows(data: bytes, count: int) -> bytes:
    """The workbook with `count` more rows below the list, each holding a blank string
    (5.5 MB zipped for a million rows, well under the upload limit)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                rows = "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t xml:space="preserve"> </t>'
                    "</is></c></row>"
                    for n in range(3, 3 + count)
                )
                content = content.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
                # Without the sheet's size up front, a reader must read every row.
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(info, content)
    return out.getvalue()


def test_a_million_blank_rows_are_refused_quickly_and_say_why(office_client, org, program):
    data = with_blank_rows(xlsx_bytes([row("DV1", branch="CD-A1")]), 1_000_000)
    assert len(data) < MAX_BYTES
    started = time.monotonic()
    response = upload(office_client, org["base"], SimpleUploadedFile("ds.xlsx", data), program)
    took = time.monotonic() - started
    assert response.status_code == 200
    assert "blank rows included" not in text(response)  # Vietnamese
    assert "kể cả dòng trống" in text(response)
    assert took < 15, f"refused after {took:.1f} s"
    assert not MemberImport.objects.exists()


def test_rows_up_to_the_cap_are_read(office_client, org, program):
    data = with_blank_rows(xlsx_bytes([row("DV1", branch="CD-A1")]), MAX_ROWS_READ - 10)
    upload(office_client, org["base"], SimpleUploadedFile("ds.xlsx", data), program)
    assert MemberImport.objects.get().row_count == 1


def test_a_csv_of_blank_lines_counts_them_too(office_client, org, program):
    file = csv_file([["", "", ""]] * (MAX_ROWS_READ + 5))
    response = upload(office_client, org["base"], file, program)
    assert "kể cả dòng trống" in text(response)


def test_a_utf16_csv_with_an_odd_number_of_bytes_is_refused_with_a_message(
    office_client, org, program
):
    body = ("\t".join(HEADER) + "\r\nDV1\tNguyễn Văn An\r\n").encode("utf-16")
    data = body + b"\x00" if len(body) % 2 == 0 else body
    assert data.startswith(b"\xff\xfe") and len(data) % 2 == 1
    response = upload(office_client, org["base"], SimpleUploadedFile("ds.csv", data), program)
    assert response.status_code == 200
    assert "có thể đã bị cắt" in text(response)


def test_a_nul_in_a_cell_is_removed_not_stored(office_client, org, program):
    file = csv_file([row("DV1", name="Nguyễn\x00 Văn An", branch="CD-A1")], name="a\x00b.csv")
    upload(office_client, org["base"], file, program)
    member_import = MemberImport.objects.get()
    assert member_import.rows[0][2] == "Nguyễn Văn An"
    assert "\x00" not in member_import.file_name
