"""The member-quality export (issue 4, item 8): one row per member of a unit's subtree
with the STORED total, level and reason, ready for the yearly member-quality
classification. Written by openpyxl in write-only mode from a chunked queryset, so
15,000 members stream through without holding the sheet in memory."""

import tempfile

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Member quality")[:31])
    for index, (_name, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = f"A{TITLE_ROWS + 2}"
    for values in _title_rows(sheet, program, unit):
        sheet.append(spreadsheet.row(sheet, values))
    sheet.append([_bold(sheet, label) for label in _headers()])
    for values in _member_rows(sheet, program, unit):
        sheet.append(spreadsheet.row(sheet, values))
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(program, unit) -> str:
    return f"xep-loai-doan-vien-{slugify(unit.code)}-{slugify(program.school_year)}.xlsx"


def _bold(sheet, value):
    return spreadsheet.text_cell(
        sheet, value, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top")
    )


def _title_rows(sheet, program, unit):
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    title = spreadsheet.text_cell(
        sheet,
        _("Member quality classification — %(unit)s") % {"unit": unit.name},
        font=Font(bold=True, size=14),
    )
    return [
        [title],
        [_("Program: %(name)s (%(year)s)") % {"name": program.name, "year": program.school_year}],
        [_("Exported on %(day)s") % {"day": today}],
        [],
    ]


def _member_rows(sheet, program, unit):
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
        birth = WriteOnlyCell(sheet, value=born)
        birth.number_format = "DD/MM/YYYY"
        # No stored level (no row, or never computed): blank and "Chưa chốt".
        yield [
            number,
            code,
            name,
            birth,
            types.get(kind, kind),
            branch,
            federations.get(branch_id, ""),
            total if level else None,
            levels.get(level, "") if level else "",
            reasons.get(reason, "") if level else "",
            statuses.get(states.get(branch_id)) if level else not_finalized,
        ]
