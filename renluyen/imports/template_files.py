"""The downloadable templates: an .xlsx with instructions, and a CSV for other tools."""

import csv
import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from renluyen.core import spreadsheet
from renluyen.core.spreadsheet import csv_value
from renluyen.imports.columns import COLUMNS, EXAMPLE_CODE
from renluyen.imports.reader import MAX_ROWS

# Cells that hold codes or phone numbers stay text so that Excel keeps leading zeros.
TEXT_COLUMNS = {"code", "phone", "branch_code"}
WIDTHS = {"code": 16, "full_name": 28, "date_of_birth": 13, "email": 28, "member_type": 24}
LIST_VALUES = {
    "gender": "Nam,Nữ,Khác",
    "member_type": "Sinh viên,Học sinh,Giảng viên,Cán bộ nghiên cứu,Cán bộ,Nhân viên,Khác",
    "status": "Đang sinh hoạt,Đã chuyển đi,Đã ra khỏi Đoàn",
}
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _example_row(branch_code: str) -> list:
    row = []
    for column in COLUMNS:
        row.append(branch_code if column.key == "branch_code" else column.example)
    return row


def template_xlsx(branches=()) -> bytes:
    """Sheet 1: header + example row; sheet 2: the instructions; sheet 3: branch codes."""
    branches = list(branches)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Member list")[:31]
    sheet.append([str(c.label) for c in COLUMNS])
    sheet.append(_example_row(branches[0].code if branches else ""))
    last = MAX_ROWS + 1
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        head = sheet.cell(row=1, column=i)
        head.font, head.fill = _BOLD, _HEAD_FILL
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 16)
        if column.key in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=i).number_format = "@"
        if column.key == "date_of_birth":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
            sheet.cell(row=2, column=i).number_format = "DD/MM/YYYY"
        if column.key in LIST_VALUES:
            # A warning, not a refusal: the other spellings listed in the instructions work too.
            check = DataValidation(
                type="list",
                formula1=f'"{LIST_VALUES[column.key]}"',
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle=str(column.label),
                error=str(column.help)[:255],
            )
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"

    guide = book.create_sheet(_("Instructions")[:31])
    guide.append([_("Column"), _("Required"), _("How to fill it in"), _("Example")])
    for cell in guide[1]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    for column in COLUMNS:
        example = column.example
        if isinstance(example, date):
            example = example.strftime("%d/%m/%Y")
        required = _("Yes") if column.required else ""
        if column.key == "branch_code":
            required = _("Yes, unless you import into one branch")
        guide.append([str(column.label), required, str(column.help), example or ""])
    guide.append([])
    for note in _notes():
        guide.append([note])
    for letter, width in zip("ABCD", (20, 16, 70, 22), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    if branches:
        codes = book.create_sheet(_("Branch codes")[:31])
        codes.append([_("Branch code"), _("Branch")])
        for cell in codes[1]:
            cell.font, cell.fill = _BOLD, _HEAD_FILL
        for branch in branches:
            codes.append(spreadsheet.row(codes, [branch.code, branch.name]))
        codes.column_dimensions["A"].width = 20
        codes.column_dimensions["B"].width = 50

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes() -> list[str]:
    return [
        _("One member per row under the header row; keep the header row as it is."),
        _("Delete the example row (member code %(code)s) before uploading.")
        % {"code": EXAMPLE_CODE},
        _(
            "A member whose code is already in the system is updated; a blank optional cell "
            "keeps what is stored."
        ),
        _(
            "Nothing is saved until you have seen the preview and confirmed it; a file with "
            "any bad row saves nothing. Errors name the row numbers shown by Excel."
        ),
        _(
            "At most %(max)s rows per file. A CSV file must be saved as UTF-8 (in Excel: "
            '"CSV UTF-8"), with commas or semicolons between the cells.'
        )
        % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
    ]


def template_csv() -> bytes:
    """Header + example row, UTF-8 with a BOM so that Excel shows the Vietnamese letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_value(str(c.label)) for c in COLUMNS])
    row = _example_row("")
    writer.writerow([csv_value(v.strftime("%d/%m/%Y") if isinstance(v, date) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
