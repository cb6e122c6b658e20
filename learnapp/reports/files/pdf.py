"""The status report as a PDF (fpdf2): A4, the organisation's name on every page, page numbers,
the tables and the completion chart, as real text in a Unicode font shipped with the app
(`learnapp.pdf`), so å, ä and ö print without system fonts."""

from __future__ import annotations

import io
from typing import IO

from flask_babel import get_locale
from flask_babel import gettext as _
from fpdf import FPDF, FontFace

from learnapp.pdf import FAMILY, add_fonts
from learnapp.reports.present import Bar, Document, Section, Table

MARGIN = 18  # mm
BRAND = (0, 84, 147)


class ReportPDF(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        add_fonts(self)
        self.set_margins(MARGIN, MARGIN + 6, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(doc.title)
        self.set_author(doc.organisation)
        self.set_subject(_("Status report: training against violent extremism"))
        self.set_creator("learnapp")
        self.set_lang(str(get_locale() or "sv"))
        self.page_text = _("Page %(page)s of %(pages)s", page="{page}", pages="{nb}")

    def header(self) -> None:
        self.set_font(FAMILY, "", 8)
        self.set_text_color(80, 80, 80)
        self.set_y(10)
        self.cell(0, 5, self.doc.organisation, align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, self.doc.title[:80], align="R")
        self.set_draw_color(180, 180, 180)
        self.line(MARGIN, 16, self.w - MARGIN, 16)
        self.set_text_color(0, 0, 0)
        self.set_y(MARGIN + 6)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 5, self.page_text.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(0, 0, 0)


def write(doc: Document) -> IO[bytes]:
    pdf = ReportPDF(doc)
    pdf.add_page()
    pdf.start_section(doc.title)
    pdf.set_font(FAMILY, "B", 18)
    pdf.multi_cell(0, 9, doc.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, doc.organisation, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FAMILY, "", 10)
    for line in doc.lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT", align="L")
    for section in doc.sections:
        _section(pdf, section)
    return io.BytesIO(bytes(pdf.output()))


def _section(pdf: ReportPDF, section: Section) -> None:
    pdf.ln(4)
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.start_section(section.heading, level=1)
    pdf.set_font(FAMILY, "B", 13)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(0, 7, section.heading, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 10)
    for text in section.paragraphs:
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
    for table in section.tables:
        _table(pdf, table)
    if section.chart:
        _chart(pdf, section.chart, section.chart_title)


def _table(pdf: ReportPDF, table: Table) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 9)
    pdf.multi_cell(0, 5, table.caption, new_x="LMARGIN", new_y="NEXT", align="L")
    columns = len(table.header)
    size = 9 if columns <= 4 else (8 if columns <= 7 else 6.5)
    pdf.set_font(FAMILY, "", size)
    width = pdf.w - 2 * MARGIN
    first = min(width * 0.3, width / columns * 1.6) if columns > 1 else width
    rest = (width - first) / (columns - 1) if columns > 1 else 0
    widths = [first] + [rest] * (columns - 1)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 236, 242))
    with pdf.table(
        col_widths=widths,
        width=width,
        text_align="LEFT",
        headings_style=heading,
        line_height=size * 0.5,
        padding=1,
    ) as out:
        row = out.row()
        for text in table.header:
            row.cell(text)
        for cells in table.rows:
            row = out.row()
            for text in cells:
                row.cell(text)
    pdf.ln(2)


def _chart(pdf: ReportPDF, bars: list[Bar], title: str) -> None:
    """Vertical bars, each with its share written above it and its quarter below."""
    height, gap = 45.0, 4.0
    if pdf.will_page_break(height + 25):
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 9)
    pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT", align="L")
    top = pdf.get_y() + 6
    base = top + height
    width = min(22.0, (pdf.w - 2 * MARGIN) / max(len(bars), 1) - gap)
    pdf.set_draw_color(60, 60, 60)
    pdf.line(MARGIN, base, MARGIN + len(bars) * (width + gap), base)
    pdf.set_font(FAMILY, "", 8)
    for i, bar in enumerate(bars):
        x = MARGIN + gap / 2 + i * (width + gap)
        h = height * (bar.share or 0)
        pdf.set_fill_color(*BRAND)
        if h > 0:
            pdf.rect(x, base - h, width, h, style="F")
        pdf.set_xy(x - gap / 2, base - h - 5)
        pdf.cell(width + gap, 4, bar.text, align="C")
        pdf.set_xy(x - gap / 2, base + 1)
        pdf.cell(width + gap, 4, bar.label, align="C")
    pdf.set_y(base + 8)
