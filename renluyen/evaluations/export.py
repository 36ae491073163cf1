"""The member-quality export (issue 4, item 8): one row per member of a unit's subtree
with the STORED total, level and reason, ready for the yearly member-quality
classification. Written by XlsxWriter in constant-memory mode (twice as fast as
openpyxl's write-only mode on these rows, docs/performance.md) from a chunked queryset,
through core.spreadsheet's formula-safe row writer: 15,000 members stream through
without holding the sheet in memory, into a temporary file the response streams."""

import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from renluyen.core import spreadsheet
from renluyen.evaluations.models import BranchEvaluation, BranchState, Level, Reason
from renluyen.evaluations.services import federation_of
from renluyen.organizations.models import Level as UnitLevel
from renluyen.organizations.models import Unit
from renluyen.people.models import MemberType
from renluyen.programs.models import Enrollment

# Column header, width (characters) — in the order of the sheet.
COLUMNS = [
    ("No.", 6),
    ("Member code", 14),
    ("Full name", 28),
    ("Date of birth", 13),
    ("Member type", 14),
    ("Branch", 26),
    ("Federation", 26),
    ("Total score", 11),
    ("Classification", 22),
    ("Reason", 34),
    ("Result status", 18),
]
TITLE_ROWS = 4  # title, program, export date, blank line; the header comes next
PENDING_STATES = {BranchState.FINALIZED, BranchState.FORWARDED}


def _headers() -> list[str]:
    labels = {
        "No.": _("No."),
        "Member code": _("Member code"),
        "Full name": _("Full name"),
        "Date of birth": _("Date of birth"),
        "Member type": _("Member type"),
        "Branch": _("Branch"),
        "Federation": _("Federation"),
        "Total score": _("Total score"),
        "Classification": _("Classification"),
        "Reason": _("Reason"),
        "Result status": _("Result status"),
    }
    return [labels[name] for name, _width in COLUMNS]


def _status_labels() -> dict:
    """The result status by the branch's results' state, translated once per export."""
    not_finalized = _("Not finalized")
    labels = dict.fromkeys(BranchState.values, not_finalized)
    labels.update(dict.fromkeys(PENDING_STATES, _("Awaiting recognition")))
    labels[BranchState.RECOGNIZED] = _("Recognized")
    labels[None] = not_finalized
    return labels


def member_quality(program, unit):
    """The export as an open temporary file, positioned at its start."""
    handle = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
    formats = spreadsheet.xlsx_formats(workbook)
    sheet = workbook.add_worksheet(_("Member quality")[:31])
    for index, (_name, width) in enumerate(COLUMNS):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(TITLE_ROWS + 1, 0)
    title_style = workbook.add_format({"bold": True, "font_size": 14})
    header_style = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    for number, values in enumerate(_title_rows(program, unit)):
        spreadsheet.xlsx_row(sheet, number, values, formats, title_style if number == 0 else None)
    spreadsheet.xlsx_row(sheet, TITLE_ROWS, _headers(), formats, header_style)
    for number, values in enumerate(_member_rows(program, unit), start=TITLE_ROWS + 1):
        spreadsheet.xlsx_row(sheet, number, values, formats)
    workbook.close()
    handle.seek(0)
    return handle


def filename(program, unit) -> str:
    return f"xep-loai-doan-vien-{slugify(unit.code)}-{slugify(program.school_year)}.xlsx"


def _title_rows(program, unit):
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    title = _("Member quality classification — %(unit)s") % {"unit": unit.name}
    return [
        [title],
        [_("Program: %(name)s (%(year)s)") % {"name": program.name, "year": program.school_year}],
        [_("Exported on %(day)s") % {"day": today}],
        [],
    ]


def _member_rows(program, unit):
    """One list of cells per enrollment, branch by branch, members by name. Plain tuples
    read in chunks (no model instances) and labels translated once: 15,000 rows stay
    cheap."""
    branches = Unit.objects.subtree(unit).filter(level__in=[UnitLevel.BRANCH, UnitLevel.SUBBRANCH])
    federations = {
        branch.pk: (federation.name if (federation := federation_of(branch)) else "")
        for branch in branches.select_related("parent")
    }
    states = dict(
        BranchEvaluation.objects.filter(
            program=program, branch__path__startswith=unit.path
        ).values_list("branch_id", "state")
    )
    statuses = _status_labels()
    not_finalized = statuses[None]
    levels = {key: str(label) for key, label in Level.choices}
    reasons = {key: str(label) for key, label in Reason.choices}
    types = {key: str(label) for key, label in MemberType.choices}
    enrollments = (
        Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
        .order_by("branch__path", "member__full_name", "member__code")
        .values_list(
            "member__code",
            "member__full_name",
            "member__date_of_birth",
            "member__member_type",
            "branch_id",
            "branch__name",
            "evaluation__level",
            "evaluation__total",
            "evaluation__reason",
        )
    )
    rows = enrollments.iterator(chunk_size=2000)
    for number, (code, name, born, kind, branch_id, branch, level, total, reason) in enumerate(
        rows, start=1
    ):
        # No stored level (no row, or never computed): blank and "Chưa chốt".
        yield [
            number,
            code,
            name,
            born,
            types.get(kind, kind),
            branch,
            federations.get(branch_id, ""),
            total if level else None,
            levels.get(level, "") if level else "",
            reasons.get(reason, "") if level else "",
            statuses.get(states.get(branch_id)) if level else not_finalized,
        ]
