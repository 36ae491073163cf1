"""The workbook every export of the year's end writes: a title block, bold Vietnamese
headers, then the rows, in openpyxl's write-only mode to a temporary file (memory stays
flat however many rows), every text cell through the project's one formula-safe writer
(core.spreadsheet)."""

import tempfile

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renluyen.core import spreadsheet

PROGRESS_EVERY = 2000


def write(*, sheet_title: str, title: str, subtitle: str, columns, rows, progress=None):
    """The workbook as an open temporary file at its start. `columns` are (header, width);
    `rows` yields lists of values; `progress(n)` is told every PROGRESS_EVERY rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    sheet.append([spreadsheet.text_cell(sheet, title, font=Font(bold=True, size=14))])
    sheet.append(spreadsheet.row(sheet, [subtitle]))
    exported = _("Exported on %(day)s") % {
        "day": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    }
    sheet.append(spreadsheet.row(sheet, [exported]))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([spreadsheet.text_cell(sheet, h, font=bold, alignment=wrap) for h, _w in columns])
    count = 0
    for values in rows:
        sheet.append(spreadsheet.row(sheet, values))
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    if progress is not None:
        progress(count)
    return handle


def filename(stem: str, unit, label: str) -> str:
    return f"{stem}-{slugify(unit.code)}-{slugify(label)}.xlsx"
