"""The one formula-safe writer for every spreadsheet and CSV file the project writes.

A member imported as `=HYPERLINK("http://x","y")` must come out of an export as that
text, not as a live formula (CSV/formula injection). In .xlsx every piece of text is
written as a text cell, with Excel's "quote prefix" on text a spreadsheet would read as a
formula, so that editing the cell keeps it text too. In CSV such text gets a leading
apostrophe, the convention spreadsheets follow for "this is text".
"""

import datetime
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

# What a spreadsheet would start a formula (or a DDE command) with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet, value, **style):
    """A write-only cell holding `value`; text stays text whatever it starts with.
    `style` sets cell attributes such as font, alignment or number_format."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def row(sheet, values) -> list:
    """`values` ready for `sheet.append` (write-only or not). openpyxl writes any other
    string as text already, so only text that looks like a formula needs a cell of its
    own (which keeps a 15,000-row export fast); numbers, dates and cells pass as they are."""
    return [text_cell(sheet, value) if looks_like_formula(value) else value for value in values]


def xlsx_formats(workbook) -> dict:
    """The formats `xlsx_row` needs, added once to an XlsxWriter workbook."""
    return {
        "quote": workbook.add_format({"quote_prefix": True}),
        "date": workbook.add_format({"num_format": "DD/MM/YYYY"}),
    }


def xlsx_row(sheet, row_number: int, values, formats: dict, style=None) -> None:
    """Write `values` on row `row_number` (0-based) of an XlsxWriter worksheet, the faster
    writer of a large export (constant_memory mode; docs/performance.md). Text is always
    written as text (write_string: never a formula), with the quote prefix when it looks
    like one (which wins over `style`); numbers as numbers, dates with the date format,
    None and "" as blank cells."""
    for column, value in enumerate(values):
        if value is None or value == "":
            if style is not None:
                sheet.write_blank(row_number, column, None, style)
        elif isinstance(value, str):
            fmt = formats["quote"] if looks_like_formula(value) else style
            sheet.write_string(row_number, column, value, fmt)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row_number, column, value, formats["date"])
        elif isinstance(value, bool):
            sheet.write_boolean(row_number, column, value, style)
        else:
            # A Decimal as a float: 86 is written "86", as openpyxl does, not "86.0".
            number = float(value) if isinstance(value, Decimal) else value
            sheet.write_number(row_number, column, number, style)


def csv_value(value):
    """`value` for a CSV row: text a spreadsheet would run gets a leading apostrophe."""
    if looks_like_formula(value):
        return "'" + value
    return "" if value is None else value
