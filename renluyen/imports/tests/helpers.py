"""Build real member lists in memory (openpyxl, csv) and drive the import pages."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

HEADER = [
    "Mã đoàn viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Đối tượng",
    "Email",
    "Số điện thoại",
    "Mã chi đoàn",
    "Trạng thái",
]


def row(code, name="Nguyễn Văn An", dob="05/09/2003", gender="Nam", kind="Sinh viên",
        email="", phone="", branch="", status=""):  # fmt: skip
    return [code, name, dob, gender, kind, email, phone, branch, status]


def xlsx_bytes(rows, *, header=HEADER, above=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for line in above:
        sheet.append(line)
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx(rows, *, name="doan-vien.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs))


def csv_file(rows, *, header=HEADER, delimiter=",", bom=True, name="doan-vien.csv"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + out.getvalue()).encode())


def upload(client, unit, file, program=None):
    data = {"file": file}
    if program is not None:
        data["program"] = program.pk
    return client.post(f"{reverse('imports:upload')}?unit={unit.pk}", data)


def with_shared_strings(data: bytes) -> bytes:
    """The same workbook with its text in a shared-string table, as Excel saves it.

    openpyxl writes every text cell inline; Excel, LibreOffice and most exporters write
    them once in xl/sharedStrings.xml and refer to them by index.
    """
    import zipfile
    from xml.etree import ElementTree as ET

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ET.register_namespace("", main)
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                root = ET.fromstring(content)
                for cell in root.iter(f"{{{main}}}c"):
                    if cell.get("t") == "inlineStr":
                        inline = cell.find(f"{{{main}}}is")  # absent for an empty text
                        parts = [] if inline is None else inline.iter(f"{{{main}}}t")
                        strings.append("".join(t.text or "" for t in parts))
                        if inline is not None:
                            cell.remove(inline)
                        cell.set("t", "s")
                        ET.SubElement(cell, f"{{{main}}}v").text = str(len(strings) - 1)
                content = ET.tostring(root, xml_declaration=True, encoding="UTF-8")
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>",
                )
            target.writestr(item, content)
        table = ET.Element(f"{{{main}}}sst", count=str(len(strings)))
        for value in strings:
            ET.SubElement(ET.SubElement(table, f"{{{main}}}si"), f"{{{main}}}t").text = value
        target.writestr("xl/sharedStrings.xml", ET.tostring(table, xml_declaration=True,
                                                            encoding="UTF-8"))  # fmt: skip
    return out.getvalue()
