"""Read an uploaded member list (.xlsx or .csv) into normalised rows; no database.

Rows are numbered as the spreadsheet numbers them (the header is usually row 1) so that
every problem names a row the user can find. File-level problems raise DomainError;
problems of single cells are collected so that the preview can list them all.
"""

import csv
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from itertools import chain, islice

import openpyxl
from django.utils.translation import gettext as _

from renluyen.core.errors import DomainError
from renluyen.imports.columns import (
    BY_KEY,
    KEYS,
    REQUIRED,
    Problem,
    header_key,
    parse_cell,
)

MAX_ROWS = 50_000
# Every row read counts, blank ones too: a sheet of a million rows holding a blank string
# once held a worker for 52 s while "member rows" stayed at zero. 50,000 members plus
# room for titles, notes and blank lines between them.
MAX_ROWS_READ = 60_000
# And however the rows are made, reading stops after this many seconds.
TIME_BUDGET = 20.0
MAX_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 60
# Lists often carry a title ("DANH SÁCH ĐOÀN VIÊN ...") above the header row.
HEADER_SEARCH_ROWS = 10
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class ParsedFile:
    kind: str  # "xlsx" or "csv"
    header_row: int
    columns: list[str]  # the keys of the columns found, in KEYS order
    ignored: list[str]  # headers that name no column
    rows: list[list] = field(default_factory=list)  # [row number, *values in KEYS order]
    problems: list[list] = field(default_factory=list)  # [row number, code, params]


def parse(data: bytes, file_name: str, *, branch_optional: bool, max_rows: int = MAX_ROWS):
    """Read `data`; the branch code column may be missing only if `branch_optional`."""
    if not data:
        raise DomainError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    name = file_name.lower()
    budget = _Budget()
    if data.startswith(_ZIP_MAGIC):
        kind, rows, closer = "xlsx", *_xlsx_rows(data, budget)
    elif data.startswith(_OLE_MAGIC):
        raise DomainError(
            _(
                "This is an old Excel file (.xls) or a password-protected one. Open it in "
                "Excel, remove any password and save it as an Excel Workbook (.xlsx)."
            )
        )
    elif name.endswith((".csv", ".txt")) or "." not in name:
        kind, rows, closer = "csv", _csv_rows(data, budget), None
    else:
        raise DomainError(_("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."))
    try:
        return _parse_rows(kind, rows, branch_optional=branch_optional, max_rows=max_rows)
    except DomainError:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while reading the rows
        if kind != "xlsx":
            raise
        raise DomainError(_unreadable_xlsx()) from exc
    finally:
        if closer:
            closer()


class _Budget:
    """Counts every row read (blank or not) and watches the clock; refuses past either."""

    def __init__(self, max_rows: int | None = None, seconds: float | None = None):
        self.max_rows = max_rows or MAX_ROWS_READ
        self.seconds = seconds or TIME_BUDGET
        self.deadline = time.monotonic() + self.seconds
        self.read = 0

    def count(self) -> None:
        self.read += 1
        if self.read > self.max_rows:
            raise DomainError(
                _(
                    "The file has more than %(max)s rows, blank rows included; delete the "
                    "empty rows below the list (or split it into smaller files) and upload "
                    "it again."
                )
                % {"max": f"{self.max_rows:,}".replace(",", ".")}
            )
        if self.read % 500 == 0 and time.monotonic() > self.deadline:
            raise DomainError(
                _(
                    "Reading the file took longer than %(seconds)s seconds and was stopped; "
                    "delete the empty rows and columns below and beside the list, or split "
                    "it into smaller files."
                )
                % {"seconds": int(self.seconds)}
            )


# A 20 MB upload may unzip to gigabytes; no member list of 50,000 rows comes near this.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _check_sheet_sizes(data: bytes, budget: _Budget) -> None:
    """Count the rows of every sheet in its XML before openpyxl opens the workbook.

    openpyxl reads a whole sheet to find its size when the file does not state it (12 s
    for a million blank rows) before it yields a single row, so the row cap must be
    checked first, by a byte scan of the zipped XML (a fraction of a second)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
        unzipped = 0
        for info in sheets:
            rows, tail = 0, b""
            with archive.open(info) as source:
                while chunk := source.read(1 << 20):
                    unzipped += len(chunk)
                    if unzipped > MAX_UNZIPPED_BYTES:
                        raise DomainError(
                            _("The file is larger than %(mb)s MB; split it into smaller files.")
                            % {"mb": MAX_BYTES // (1024 * 1024)}
                        )
                    window = tail + chunk
                    # Count the tags not already complete in the previous window.
                    rows += sum(1 for m in _ROW_TAG.finditer(window) if m.end() > len(tail))
                    tail = window[-32:]
            if rows > budget.max_rows:
                budget.read = rows - 1
                budget.count()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise DomainError(_unreadable_xlsx()) from exc


def _xlsx_rows(data: bytes, budget: _Budget):
    _check_sheet_sizes(data, budget)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any damaged or foreign zip: openpyxl raises many kinds
        raise DomainError(_unreadable_xlsx()) from exc
    sheets = book.worksheets
    if not sheets:
        book.close()
        raise DomainError(_("The file is empty."))

    def numbered(sheet):
        # Read-only sheets yield blank rows too, so the count is Excel's row number.
        for number, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            budget.count()
            if any(v is not None for v in values):
                yield number, list(values)

    def rows():
        # The list is on the first sheet whose header names the required columns (the
        # template's instruction sheets come after it); failing that, on the first sheet.
        chosen = sheets[0]
        for sheet in sheets:
            head = islice(numbered(sheet), HEADER_SEARCH_ROWS)
            if _find_header(head)[0]:
                chosen = sheet
                break
        yield from numbered(chosen)

    return rows(), book.close


def _unreadable_xlsx() -> str:
    return _(
        "The Excel file cannot be read; it may be damaged, or be another kind of file. "
        "Open it in Excel and save it as an Excel Workbook (.xlsx)."
    )


def _csv_rows(data: bytes, budget: _Budget):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            content = data.decode("utf-16")  # Excel's "Unicode Text"
        except UnicodeDecodeError as exc:  # e.g. an odd number of bytes: a cut-off file
            raise DomainError(
                _(
                    "The file starts like a Unicode text file but cannot be read as one; it "
                    'may be cut off. In Excel choose "Save as" and the type "CSV UTF-8 '
                    '(Comma delimited)".'
                )
            ) from exc
    else:
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(
                _(
                    "The CSV file is not in UTF-8, so its Vietnamese letters cannot be read. "
                    'In Excel choose "Save as" and the type "CSV UTF-8 (Comma delimited)".'
                )
            ) from exc
    first = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        # Each record is one spreadsheet row, also when a quoted cell holds a line break.
        for number, cells in enumerate(reader, start=1):
            budget.count()
            yield number, cells
    except csv.Error as exc:
        raise DomainError(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


def _find_header(numbered_rows) -> tuple[int, dict, list]:
    """(row number, {key: index}, ignored headers) of the header row, or (0, best, [])."""
    best: dict = {}
    for number, cells in numbered_rows:
        found = {}
        for i, cell in enumerate(cells or ()):
            key = header_key(cell)
            if key and key not in found:
                found[key] = i
        if all(k in found for k in REQUIRED):
            ignored = [
                str(c).strip()
                for i, c in enumerate(cells)
                if c not in (None, "") and i not in found.values()
            ]
            return number, found, ignored
        if len(found) > len(best):
            best = found
    return 0, best, []


def _parse_rows(kind, numbered_rows, *, branch_optional: bool, max_rows: int) -> ParsedFile:
    numbered_rows = iter(numbered_rows)
    head = list(islice(numbered_rows, HEADER_SEARCH_ROWS))
    if not any(any(c not in (None, "") for c in cells) for _n, cells in head):
        raise DomainError(_("The file is empty."))
    header_row, index, ignored = _find_header(head)
    needed = REQUIRED if branch_optional else (*REQUIRED, "branch_code")
    missing = [str(BY_KEY[k].label) for k in needed if k not in index]
    if missing:
        raise DomainError(
            _(
                "Required columns are missing: %(columns)s. The header row must be one of the "
                "first %(n)s rows; download the template to see the columns."
            )
            % {"columns": ", ".join(missing), "n": HEADER_SEARCH_ROWS}
        )
    parsed = ParsedFile(
        kind=kind,
        header_row=header_row,
        columns=[k for k in KEYS if k in index],
        ignored=ignored,
    )
    positions = [(BY_KEY[k], index[k]) for k in parsed.columns]
    rows_by_code: dict[str, list[int]] = {}
    # The rows read while looking for the header, then the rest.
    data_rows = chain(((n, cells) for n, cells in head if n > header_row), numbered_rows)
    for number, cells in data_rows:
        if not cells or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if len(parsed.rows) >= max_rows:
            raise DomainError(
                _("The file has more than %(max)s member rows; split it into smaller files.")
                % {"max": f"{max_rows:,}".replace(",", ".")}
            )
        values = dict.fromkeys(KEYS)
        for column, i in positions:
            cell = cells[i] if i < len(cells) else None
            try:
                values[column.key] = parse_cell(column, cell)
            except Problem as problem:
                parsed.problems.append([number, problem.code, problem.params])
        parsed.rows.append([number, *values.values()])
        if values["code"]:
            rows_by_code.setdefault(values["code"], []).append(number)
    if not parsed.rows:
        raise DomainError(_("The file has a header row but no member rows."))
    for code, numbers in rows_by_code.items():
        if len(numbers) > 1:
            shown = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
            for number in numbers:
                parsed.problems.append([number, "duplicate_in_file", {"code": code, "rows": shown}])
    parsed.problems.sort(key=lambda p: p[0])
    return parsed
