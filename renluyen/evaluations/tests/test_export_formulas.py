"""Names a spreadsheet would run as formulas come out of the member-quality export as
the text that was imported (issue 13, item 1)."""

import zipfile
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from renluyen import factories
from renluyen.evaluations.export import TITLE_ROWS

PAYLOADS = ["=1+1", '=HYPERLINK("http://x","y")', "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1"]


def test_formula_payloads_in_names_are_written_as_text(client, org, people, program):
    for n, name in enumerate(PAYLOADS):
        factories.enroll(
            program, factories.member(branch=org["branch_a1"], name=name, code=f"=X{n}")
        )
    client.force_login(people["office"])
    url = f"{reverse('evaluations:export', args=[org['base'].pk])}?program={program.pk}"
    content = b"".join(client.get(url).streaming_content)
    sheet = load_workbook(BytesIO(content)).active
    cells = [row[2] for row in sheet.iter_rows(min_row=TITLE_ROWS + 2)]
    assert sorted(cell.value for cell in cells) == sorted(PAYLOADS)
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(cell.quotePrefix for cell in cells)
    codes = [row[1] for row in sheet.iter_rows(min_row=TITLE_ROWS + 2)]
    assert {(cell.data_type, cell.value[:2]) for cell in codes} == {("s", "=X")}
    with zipfile.ZipFile(BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml  # no formula anywhere in the sheet
