"""The printed registration form (phiếu đăng ký rèn luyện đoàn viên, IV.1 Step 1).

`printed_forms` decides what goes on the paper (shared by the print page and the PDF, so
both say the same); `render_pdf` lays it out on A4 with fpdf2 and the DejaVu Serif font
bundled in ./fonts, which has every Vietnamese letter whatever the server has installed.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from renluyen.core.templatetags.people import person_name
from renluyen.registrations.models import Item, ItemKind
from renluyen.registrations.services import form_items
from renluyen.registrations.transitions import CONFIRMED_STATES

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSerif"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
# Where a date goes on a form that has none yet: filled in by hand on the paper.
BLANK_DAY, BLANK_MONTH, BLANK_YEAR = "……", "……", "………"
_KIND_ORDER = {ItemKind.CRITERION: 0, ItemKind.ACTIVITY: 1, ItemKind.OPEN: 2}


@dataclass
class Row:
    """One registered criterion: what it is, where it comes from, and its solution."""

    number: int
    criterion: str
    note: str
    solution: str


@dataclass
class Section:
    """A content area with the criteria registered in it."""

    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class PrintedForm:
    enrollment: object
    union: str
    base_union: str
    branch: str
    title: str
    school_year: str
    place_date: str
    details: list[tuple[str, str]]
    sections: list[Section]
    confirmed: bool
    confirmed_on: str
    confirmer: str
    member_name: str

    @property
    def draft_label(self) -> str:
        return "" if self.confirmed else _("DRAFT — NOT YET CONFIRMED")


def with_forms(enrollments):
    """Enrollments with everything the printed form reads, in a fixed number of queries."""
    return enrollments.select_related(
        "member", "branch", "program__unit", "registration__confirmed_by"
    ).prefetch_related(Prefetch("registration__items", queryset=form_items()))


def _text(value) -> str:
    # Some phone keyboards type "ệ" as e + two combining marks; the PDF font has the
    # precomposed letters, so compose them.
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _local_date(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _place_date(day: date | None, place: str = "") -> str:
    """ "Hà Nội, ngày 01 tháng 12 năm 2026": the base Union's place (a program setting),
    dots where it has none, as on a form filled in by hand."""
    if day is None:
        values = {"day": BLANK_DAY, "month": BLANK_MONTH, "year": BLANK_YEAR}
    else:
        values = {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": day.year}
    return _("%(place)s, %(day)s/%(month)s/%(year)s") % {**values, "place": place or "…"}


def _activity_note(activity) -> str:
    days = _day(activity.starts_on)
    if activity.ends_on and activity.ends_on != activity.starts_on:
        days = f"{days} – {_day(activity.ends_on)}"
    return _("Activity of %(unit)s, %(days)s") % {"unit": activity.unit.name, "days": days}


def _row(number: int, item: Item, confirmed_form: bool) -> Row:
    if item.kind == ItemKind.CRITERION:
        criterion = f"{item.criterion.code}. {item.criterion.text}"
        note = ""
    elif item.kind == ItemKind.ACTIVITY:
        criterion, note = item.activity.title, _activity_note(item.activity)
    else:
        criterion, note = item.text, _("Own criterion")
    if confirmed_form and item.confirmed_at is None:
        # An addition (IV.2 Step 3) the committee has not confirmed yet.
        note = "; ".join(filter(None, [note, _("addition, not yet confirmed")]))
    return Row(number, _text(criterion), _text(note), _text(item.solution))


def _sort_key(item: Item):
    return (
        item.area.number,
        _KIND_ORDER.get(item.kind, 9),
        item.criterion.order if item.criterion_id else 0,
        item.pk,
    )


def printed_form(enrollment, areas, *, confirmed_only: bool = False) -> PrintedForm:
    """The paper form of `enrollment` (loaded through `with_forms`), criteria numbered
    from 1 across the program's `areas`. `confirmed_only` leaves out an addition not yet
    confirmed: the copy the branch keeps is the confirmed form."""
    registration = enrollment.registration
    member, program = enrollment.member, enrollment.program
    confirmed = registration.state in CONFIRMED_STATES
    items = sorted(registration.items.all(), key=_sort_key)
    if confirmed_only:
        items = [item for item in items if item.confirmed_at]
    sections, number = [], 0
    for area in areas:
        section = Section(_text(f"{area.number}. {area.title}"))
        for item in items:
            if item.area_id == area.pk:
                number += 1
                section.rows.append(_row(number, item, confirmed))
        sections.append(section)
    signed = _local_date(registration.submitted_at or registration.confirmed_at)
    return PrintedForm(
        enrollment=enrollment,
        union=_("HO CHI MINH COMMUNIST YOUTH UNION"),
        base_union=_text(program.unit.name).upper(),
        branch=_text(enrollment.branch.name).upper(),
        title=_("UNION MEMBER TRAINING REGISTRATION FORM"),
        school_year=_("School year %(year)s") % {"year": program.school_year.replace("-", "–")},
        place_date=_place_date(signed, _text(program.place)),
        details=[
            (pgettext("printed form", "Full name"), _text(member.full_name)),
            (pgettext("printed form", "Date of birth"), _day(member.date_of_birth)),
            (pgettext("printed form", "Member code"), member.code),
            (pgettext("printed form", "Member type"), member.get_member_type_display()),
            (pgettext("printed form", "Branch"), _text(enrollment.branch.name)),
        ],
        sections=sections,
        confirmed=confirmed,
        confirmed_on=_day(_local_date(registration.confirmed_at)) if confirmed else "",
        confirmer=_text(person_name(registration.confirmed_by)) if confirmed else "",
        member_name=_text(member.full_name),
    )


def printed_forms(enrollments, areas, *, confirmed_only: bool = False) -> list[PrintedForm]:
    areas = list(areas)
    return [printed_form(e, areas, confirmed_only=confirmed_only) for e in enrollments]


# ---------------------------------------------------------------- the PDF

# A4 portrait with the margins of an administrative document: 3 cm binding on the left.
LEFT, TOP, RIGHT, BOTTOM = 30, 20, 20, 20
WIDTH = 210 - LEFT - RIGHT
LINE = 6
COLUMNS = (13, 67, 80)  # No. | criterion | solution, in mm (they add up to WIDTH)
CELL_PADDING, CELL_LINE = 1.5, 5.5
# fpdf2 cannot split a table row across pages; a longer text goes on in continuation rows.
MAX_ROW_LINES = 40


class _FormPDF(FPDF):
    """Draws the "draft" watermark under the content of every page of an unconfirmed form."""

    watermark = ""

    def header(self):
        if not self.watermark:
            return
        self.set_font(FONT, "B", 34)
        self.set_text_color(222, 222, 222)
        x = (210 - self.get_string_width(self.watermark)) / 2
        with self.rotation(angle=40, x=105, y=148):
            self.text(x, 150, self.watermark)
        self.set_text_color(0, 0, 0)


def _new_pdf() -> _FormPDF:
    pdf = _FormPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(left=LEFT, top=TOP, right=RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, FONT_DIR / filename)
    pdf.set_lang("vi")
    pdf.set_creator("renluyen")
    return pdf


def _centered_lines(pdf, x: float, width: float, lines: list[tuple[str, str]]) -> float:
    """Write (style, text) lines centred in a column starting at `x`; return the y after."""
    for style, line in lines:
        pdf.set_x(x)
        pdf.set_font(FONT, style, 11)
        pdf.multi_cell(width, 5.5, line, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.get_y()


def _header(pdf, form: PrintedForm) -> None:
    top = pdf.get_y()
    column = WIDTH / 2
    left_end = _centered_lines(
        pdf,
        LEFT,
        column,
        [("", form.union), ("", form.base_union), ("B", form.branch), ("", "***")],
    )
    pdf.set_y(top + 5.5)
    right_end = _centered_lines(pdf, LEFT + column, column, [("I", form.place_date)])
    pdf.set_y(max(left_end, right_end) + 6)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(WIDTH, 7, form.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(WIDTH, 6, form.school_year, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if form.draft_label:
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(179, 38, 30)
        pdf.multi_cell(
            WIDTH, 6, form.draft_label, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)


def _details(pdf, form: PrintedForm) -> None:
    for label, value in form.details:
        pdf.set_font(FONT, "", 12)
        pdf.write(LINE, f"{label}: ")
        pdf.set_font(FONT, "B", 12)
        pdf.write(LINE, value or "……………………")
        pdf.ln(LINE)
    pdf.ln(3)


# No glyph of DejaVu Serif is wider than one em: 11 pt is 3.9 mm.
_WIDEST_GLYPH_MM = 11 * 25.4 / 72


def _surely_fits(text: str, width: float) -> bool:
    """True when `text` cannot take more than MAX_ROW_LINES lines even in the widest glyphs."""
    per_line = max(1, int(width / _WIDEST_GLYPH_MM))
    lines = sum(len(part) // per_line + 1 for part in text.split("\n"))
    return lines <= MAX_ROW_LINES


def _pieces(pdf, text: str, column: float) -> list[str]:
    """`text` wrapped for a column, in pieces short enough for one page."""
    # A little narrower than the cell, so the table never wraps these lines again.
    width = column - 2 * CELL_PADDING - 1
    if _surely_fits(text, width):
        return [text]  # wrapping is most of the PDF's time: skip it when it can't split
    lines = pdf.multi_cell(width, CELL_LINE, text, dry_run=True, output="LINES")
    return [
        "\n".join(lines[i : i + MAX_ROW_LINES]) for i in range(0, len(lines), MAX_ROW_LINES)
    ] or [""]


def _criterion_rows(pdf, table, row: Row) -> None:
    criterion = f"{row.criterion}\n({row.note})" if row.note else row.criterion
    pieces = list(
        zip_longest(
            _pieces(pdf, criterion, COLUMNS[1]),
            _pieces(pdf, row.solution, COLUMNS[2]),
            fillvalue="",
        )
    )
    if len(pieces) == 1:
        pieces = [(criterion, row.solution)]  # short enough: the table wraps it itself
    for i, (left, right) in enumerate(pieces):
        cells = table.row()
        cells.cell(str(row.number) if i == 0 else "")
        cells.cell(left)
        cells.cell(right)


def _table(pdf, form: PrintedForm) -> None:
    pdf.set_font(FONT, "", 11)
    headings = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    area_style = FontFace(emphasis="BOLD", fill_color=(246, 246, 246))
    with pdf.table(
        col_widths=COLUMNS,
        width=WIDTH,
        text_align=("CENTER", "LEFT", "LEFT"),
        v_align="TOP",
        headings_style=headings,
        line_height=CELL_LINE,
        padding=CELL_PADDING,
    ) as table:
        heading = table.row()
        for text in (_("No."), _("Criterion registered"), _("How I will do it")):
            heading.cell(text, align="CENTER")
        for section in form.sections:
            table.row().cell(section.title, colspan=3, style=area_style, align="LEFT")
            for row in section.rows:
                _criterion_rows(pdf, table, row)
            if not section.rows:
                cells = table.row()
                cells.cell("")
                cells.cell(_("(no criterion registered)"), colspan=2)


def _signatures(pdf, form: PrintedForm) -> None:
    # Both blocks stay together on one page.
    if pdf.get_y() + 55 > pdf.h - BOTTOM:
        pdf.add_page()
    pdf.ln(8)
    column = WIDTH / 2
    top = pdf.get_y()
    if form.confirmed:
        when = _("Confirmed on %(day)s") % {"day": form.confirmed_on}
    else:
        when = _("(Not yet confirmed)")
    committee = [("B", _("CONFIRMED BY THE BRANCH COMMITTEE")), ("I", when)]
    member = [("B", _("REGISTERED BY")), ("I", _("(Signature and full name)"))]
    left_end = _centered_lines(pdf, LEFT, column, committee)
    pdf.set_y(top)
    right_end = _centered_lines(pdf, LEFT + column, column, member)
    names_at = max(left_end, right_end) + 22
    if form.confirmer:
        pdf.set_y(names_at)
        _centered_lines(pdf, LEFT, column, [("B", form.confirmer)])
    pdf.set_y(names_at)
    _centered_lines(pdf, LEFT + column, column, [("B", form.member_name)])


def render_pdf(forms: list[PrintedForm], *, title: str) -> bytes:
    """One A4 PDF with each form starting on a new page."""
    pdf = _new_pdf()
    pdf.set_title(title)
    for form in forms:
        pdf.watermark = form.draft_label
        pdf.add_page()
        _header(pdf, form)
        _details(pdf, form)
        _table(pdf, form)
        _signatures(pdf, form)
    return bytes(pdf.output())
