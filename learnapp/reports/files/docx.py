"""The status report as a Word document (python-docx), for the committee's own template: real
headings, paragraphs and tables, the organisation's name in the header, page numbers below."""

from __future__ import annotations

import io
from typing import IO, Any

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import get_locale
from flask_babel import gettext as _

from learnapp.reports.present import Document, Table


def write(doc: Document) -> IO[bytes]:
    word = new_document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    word.core_properties.title = doc.title
    word.core_properties.author = doc.organisation
    word.core_properties.language = str(get_locale() or "sv")
    word.styles["Normal"].font.size = Pt(10)

    section.header.paragraphs[0].text = doc.organisation
    _page_numbers(section.footer.paragraphs[0])

    word.add_heading(doc.title, level=0)
    word.add_paragraph(doc.organisation).runs[0].bold = True
    for line in doc.lines:
        word.add_paragraph(line)
    for part in doc.sections:
        word.add_heading(part.heading, level=1)
        for text in part.paragraphs:
            word.add_paragraph(text)
        for table in part.tables:
            _table(word, table)
    out = io.BytesIO()
    word.save(out)
    out.seek(0)
    return out


def _table(word: Any, table: Table) -> None:
    caption = word.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    out = word.add_table(rows=1, cols=len(table.header))
    out.style = "Table Grid"
    for cell, text in zip(out.rows[0].cells, table.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_as_header(out.rows[0])
    for cells in table.rows:
        row = out.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = text
    word.add_paragraph()


def _repeat_as_header(row: Any) -> None:
    """Mark the row as the table's header (repeated on each page, read as headers)."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _page_numbers(paragraph: Any) -> None:
    """ "Sida N av M" with Word's PAGE and NUMPAGES fields."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    before, rest = text.split("\x00")
    middle, after = rest.split("\x01")
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(after)


def _field(paragraph: Any, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)
