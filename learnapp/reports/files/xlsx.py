"""The status report as a workbook: a sheet per section, each with the title and date rows."""

from __future__ import annotations

import re
from typing import IO, Any

from learnapp import spreadsheets
from learnapp.reports.present import Document, Section

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(heading: str, taken: set[str]) -> str:
    """A heading as a sheet name: at most 31 characters, none Excel refuses, unique."""
    name = _NOT_IN_SHEET_NAMES.sub(" ", heading).strip()[:31] or "Blad"
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f" {n}"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write(doc: Document) -> IO[bytes]:
    book, out = spreadsheets.new_workbook(expected_cells=10_000)
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    share = book.add_format({"num_format": "0%"})
    taken: set[str] = set()
    for section in doc.sections:
        ws = book.add_worksheet(sheet_name(section.sheet or section.heading, taken))
        row = _head(ws, doc, section, title, bold)
        for text in section.paragraphs:
            ws.write_string(row, 0, spreadsheets.neutralise(text), wrap)
            row += 1
        for table in section.tables:
            row += 1
            ws.write_string(row, 0, spreadsheets.neutralise(table.caption), bold)
            row += 1
            for col, text in enumerate(table.header):
                ws.write_string(row, col, spreadsheets.neutralise(text), bold)
            row += 1
            for r, cells in enumerate(table.rows):
                numbers = table.numbers[r] if r < len(table.numbers) else []
                for col, text in enumerate(cells):
                    value = numbers[col] if col < len(numbers) else None
                    _cell(ws, row, col, text, value, share)
                row += 1
        ws.set_column(0, 0, 40)
        ws.set_column(1, 20, 22)
    book.close()
    out.seek(0)
    return out


def _head(ws: Any, doc: Document, section: Section, title: Any, bold: Any) -> int:
    ws.write_string(0, 0, spreadsheets.neutralise(doc.title), title)
    ws.write_string(1, 0, spreadsheets.neutralise(doc.organisation))
    row = 2
    for line in doc.lines:
        ws.write_string(row, 0, spreadsheets.neutralise(line))
        row += 1
    row += 1
    ws.write_string(row, 0, spreadsheets.neutralise(section.heading), bold)
    return row + 1


def _cell(ws: Any, row: int, col: int, text: str, value: Any, share: Any) -> None:
    if isinstance(value, float):
        ws.write_number(row, col, value, share)
    elif isinstance(value, int) and not isinstance(value, bool):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, spreadsheets.neutralise(text))
