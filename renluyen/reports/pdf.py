"""The result report on A4 as a PDF (fpdf2, with the DejaVu Serif font the printed
registration form bundles, which has every Vietnamese letter): the same content as the
print page, from reports/document.py."""

from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

# The A4 page of an administrative document, its font and its centred header blocks are
# the printed registration form's: one set-up for every Union document.
from renluyen.registrations.pdf import BOTTOM, FONT, LEFT, LINE, WIDTH
from renluyen.registrations.pdf import _centered_lines as _lines
from renluyen.registrations.pdf import _new_pdf as _pdf
from renluyen.reports.document import Document


def _heading(pdf, doc: Document) -> None:
    h = doc.heading
    top = pdf.get_y()
    half = WIDTH / 2
    left = [("", h.body_above), ("B", h.body_name), ("", "***"), ("I", doc.number_line)]
    left_end = _lines(pdf, LEFT, half, [line for line in left if line[1]])
    pdf.set_y(top)
    right_end = _lines(pdf, LEFT + half, half, [("B", h.union), ("", "")])
    pdf.set_y(right_end)
    right_end = _lines(pdf, LEFT + half, half, [("I", doc.date_line)])
    pdf.set_y(max(left_end, right_end) + 6)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(WIDTH, 7, doc.kind, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(WIDTH, 6, doc.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _subtitle(pdf, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(WIDTH, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _figures(pdf, doc: Document) -> None:
    _subtitle(pdf, doc.labels["figures"])
    pdf.set_font(FONT, "", 11)
    with pdf.table(
        col_widths=(100, 30, 30),
        width=WIDTH,
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        line_height=5.5,
        padding=1.2,
    ) as table:
        head = table.row()
        for text in doc.labels["figure_head"]:
            head.cell(text)
        for row in doc.figure_rows:
            cells = table.row()
            cells.cell(row.label)
            cells.cell(str(row.count))
            cells.cell(row.share)
    if doc.branches:
        pdf.ln(3)
        pdf.set_font(FONT, "", 8.5)
        widths = (40, *([15] * len(doc.columns)))
        scale = WIDTH / sum(widths)
        with pdf.table(
            col_widths=[w * scale for w in widths],
            width=WIDTH,
            text_align=("LEFT", *(["RIGHT"] * len(doc.columns))),
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            line_height=4.5,
            padding=1,
        ) as table:
            head = table.row()
            head.cell(doc.labels["branch"])
            for column in doc.columns:
                head.cell(column)
            for branch in doc.branches:
                cells = table.row()
                cells.cell(branch.name)
                for value in branch.cells:
                    cells.cell(str(value))


def _members(pdf, doc: Document) -> None:
    _subtitle(pdf, doc.labels["members"])
    for group in doc.groups:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(
            WIDTH,
            LINE,
            f"{group.label} ({len(group.members)})",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_font(FONT, "", 10.5)
        if not group.members:
            pdf.multi_cell(WIDTH, 5.5, "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue
        # Names run on in one paragraph per branch: a federation's 1,500 members fit a
        # few pages, not a hundred.
        for branch, names in group.by_branch:
            text = ", ".join(names)
            if doc.is_federation:
                text = f"{branch}: {text}"
            pdf.multi_cell(WIDTH, 5.5, text + ".", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)


def _sections(pdf, doc: Document) -> None:
    for section in doc.sections:
        _subtitle(pdf, section.title)
        pdf.set_font(FONT, "", 11.5)
        pdf.multi_cell(WIDTH, LINE, section.text or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signature(pdf, doc: Document) -> None:
    if pdf.get_y() + 60 > pdf.h - BOTTOM:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    half = WIDTH / 2
    pdf.set_font(FONT, "B", 10)
    pdf.set_xy(LEFT, top)
    pdf.multi_cell(half, 5, doc.labels["recipients"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    for line in doc.recipient_lines:
        pdf.set_x(LEFT)
        pdf.multi_cell(half, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    h = doc.heading
    pdf.set_y(top)
    end = _lines(pdf, LEFT + half, half, [("B", h.signing_for), ("B", h.signer_title)])
    pdf.set_y(end + 22)
    _lines(pdf, LEFT + half, half, [("B", h.signer_name)])


def render(doc: Document) -> bytes:
    pdf = _pdf()
    pdf.set_title(f"{doc.kind} — {doc.title}")
    pdf.add_page()
    _heading(pdf, doc)
    _figures(pdf, doc)
    _members(pdf, doc)
    _sections(pdf, doc)
    _signature(pdf, doc)
    return bytes(pdf.output())
