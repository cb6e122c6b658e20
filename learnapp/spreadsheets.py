"""Safe exports for spreadsheets: formula neutralisation, streamed CSV, typed XLSX sheets.

Every feature that exports uses these, so that a person named `=HYPERLINK(...)` is text in every
file. CSV is UTF-8 with BOM and `;` separated (what Swedish Excel opens directly). XLSX is written
with xlsxwriter in constant-memory mode to a temporary file, row by row.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter
from flask_babel import get_timezone, to_user_timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Make text that a spreadsheet would read as a formula show as text (OWASP CSV injection)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def slug(text: str, fallback: str = "export") -> str:
    """An ASCII file-name part: "Söderskolan 2026" gives "soderskolan-2026"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or fallback


def local(moment: datetime | None) -> datetime | None:
    """A naive local time, as spreadsheets want."""
    return None if moment is None else to_user_timezone(moment).replace(tzinfo=None)


def local_converter() -> Callable[[datetime | None], datetime | None]:
    """`local` for the many rows of an export: the user's time zone is looked up once."""
    zone = get_timezone()

    def convert(moment: datetime | None) -> datetime | None:
        return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)

    return convert


def csv_lines(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV for Swedish Excel: UTF-8 with BOM, `;` separated, text neutralised, one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(values: list[Any]) -> str:
        writer.writerow([_csv_value(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(headers)
    for row in rows:
        yield line(row)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def new_workbook() -> tuple[Any, IO[bytes]]:
    """A constant-memory workbook writing to a temporary file; close the book, then read the file."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, which closes it
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "in_memory": False, "strings_to_formulas": False}
    )
    book.date_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    return book, out


class Sheet:
    """A worksheet written row by row, with typed cells and a frozen header row."""

    def __init__(self, book: Any, name: str, headers: list[str], widths: list[int]) -> None:
        self.book = book
        self.ws = book.add_worksheet(name)
        self.row = 0
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        if headers:
            self.ws.freeze_panes(1, 0)
            for col, text in enumerate(headers):
                self.ws.write_string(0, col, text, bold)
            self.row = 1

    def write(self, values: list[Any], formats: dict[int, Any] | None = None) -> None:
        formats = formats or {}
        for col, value in enumerate(values):
            fmt = formats.get(col)
            if value is None or value == "":
                self.ws.write_blank(self.row, col, None, fmt)
            elif isinstance(value, bool):
                self.ws.write_boolean(self.row, col, value, fmt)
            elif isinstance(value, int | float):
                self.ws.write_number(self.row, col, value, fmt)
            elif isinstance(value, datetime | date):
                self.ws.write_datetime(self.row, col, value, fmt or self.book.date_format)
            else:
                self.ws.write_string(self.row, col, neutralise(str(value)), fmt)
        self.row += 1
