"""An XLSX written straight to a ZIP stream, for exports of hundreds of thousands of rows.

xlsxwriter spends some 15 µs on each cell (checks, a cell object, then its XML); a large export
has a million cells. This writes each row's XML in one string, with inline strings as xlsxwriter's
constant-memory mode does, into a deflated ZIP entry as it goes: memory stays constant, and a
100,000-row export of 13 columns takes a few seconds. It writes what the exports need and no more:
one sheet or several (`write_sheets`, each written to its end before the next, one longer than
Excel's 1,048,576 rows split over several with the header repeated), a bold wrapped
header row frozen at the top, column widths, text (formulas neutralised, as everywhere: see
`spreadsheets.neutralise`), numbers, booleans, dates and date-times as real dates, percentages and
two-decimal numbers.
"""

from __future__ import annotations

import itertools
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from learnapp.spreadsheets import neutralise

MAX_TEXT = 32_767  # Excel's longest cell text
MAX_ROWS = 1_048_576  # Excel's rows in a sheet, the header's included
ROWS_PER_WRITE = 500
_EPOCH = datetime(1899, 12, 30)
_EPOCH_DAY = _EPOCH.date()
# Characters XML 1.0 does not allow: dropped (xlsxwriter writes them as _xHHHH_ escapes).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters Excel refuses in a sheet's name (it would offer to "repair" the file): dropped.
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

# Style indexes of styles.xml's cellXfs.
_HEADER, _DATE, _DATE_TIME, _PERCENT, _DECIMAL = 1, 2, 3, 4, 5


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _workbook_rels(sheets: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{rels}<Relationship Id="rId{sheets + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_name(title: str) -> str:
    return _NOT_IN_SHEET_NAME.sub("", _NOT_XML.sub("", title)).strip("'")[:31] or "Sheet1"


def _workbook_xml(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(_sheet_name(title))} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _text(value: str) -> str:
    value = neutralise(value)
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    text = escape(_NOT_XML.sub("", value))
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _cell(ref: str, value: Any, style: str) -> str:
    """One cell's XML. An empty cell is written as an empty element, so that a reader without
    the sheet's dimensions (openpyxl's read-only mode) still sees every row as wide as written."""
    kind = type(value)
    if kind is str:
        return (
            f'<c r="{ref}" t="inlineStr"><is>{_text(value)}</is></c>'
            if value
            else f'<c r="{ref}"/>'
        )
    if value is None:
        return f'<c r="{ref}"/>'
    if kind is float and not math.isfinite(value):
        return f'<c r="{ref}"/>'  # Excel has no NaN or infinity
    if kind is int or kind is float:
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind is datetime:
        serial = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86_400
        return f'<c r="{ref}" s="{_DATE_TIME}"><v>{serial!r}</v></c>'
    if kind is date:
        return f'<c r="{ref}" s="{_DATE}"><v>{(value - _EPOCH_DAY).days}</v></c>'
    if isinstance(value, bool):
        return _cell(ref, bool(value), style)
    if isinstance(value, int | float):
        return _cell(ref, int(value) if isinstance(value, int) else float(value), style)
    if isinstance(value, datetime):
        return _cell(ref, datetime(*value.timetuple()[:6], value.microsecond), style)
    if isinstance(value, date):
        return _cell(ref, date(value.year, value.month, value.day), style)
    return _cell(ref, str(value), style)  # lazy translations and the like


@dataclass
class SheetData:
    """One sheet of a workbook: its rows are read while it is written (a generator is fine)."""

    title: str
    headers: list[str]
    rows: Iterable[list[Any]]
    widths: list[int]
    percent_cols: set[int] | frozenset[int] = frozenset()
    decimal_cols: set[int] | frozenset[int] = frozenset()  # numbers shown as 0.00


def write(
    out: IO[bytes],
    title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    widths: list[int],
    percent_cols: set[int] | frozenset[int] = frozenset(),
) -> int:
    """Write the workbook to `out` (a binary file); return the number of rows after the header."""
    return write_sheets(out, [SheetData(title, headers, rows, widths, percent_cols)])[0]


def write_sheets(out: IO[bytes], sheets: list[SheetData], max_rows: int | None = None) -> list[int]:
    """Write a workbook of these sheets to `out`, one after the other; return each sheet's number
    of rows after its header.

    A sheet holds at most `max_rows` rows with its header (Excel's 1,048,576 unless given): one
    with more rows goes on in another sheet with the same header, and the parts are named with
    their number ("Svar 1", "Svar 2", …). The sheets are written first and the workbook's list of
    them last, when it is known how many there are (the ZIP's directory finds every part)."""
    limit = max_rows or MAX_ROWS
    written: list[int] = []
    titles: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for sheet in sheets:
            rows: Iterator[list[Any]] = iter(sheet.rows)
            per_part = max(limit - (1 if sheet.headers else 0), 1)
            parts: list[int] = []
            while True:
                name = f"xl/worksheets/sheet{len(titles) + len(parts) + 1}.xml"
                with package.open(name, "w", force_zip64=True) as raw:
                    parts.append(_write_sheet(raw, sheet, itertools.islice(rows, per_part)))
                following = next(rows, None)
                if following is None:
                    break
                rows = itertools.chain([following], rows)
            written.append(sum(parts))
            titles += _part_titles(sheet.title, len(parts))
        package.writestr("[Content_Types].xml", _content_types(len(titles)))
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _workbook_xml(titles))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(titles)))
        package.writestr("xl/styles.xml", _STYLES)
    return written


def _part_titles(title: str, parts: int) -> list[str]:
    """The sheets' names of a sheet written in `parts` parts: its own, or each with its number."""
    if parts == 1:
        return [title]
    name = _sheet_name(title)
    return [f"{name[: 31 - len(str(n)) - 1].rstrip()} {n}" for n in range(1, parts + 1)]


def _write_sheet(raw: IO[bytes], sheet: SheetData, rows: Iterable[list[Any]]) -> int:
    headers, widths = sheet.headers, sheet.widths
    ncols = max(len(headers), len(widths))
    head = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    ]
    if headers:
        head.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
    head.append('<sheetFormatPr defaultRowHeight="15"/>')
    if widths:
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w + 0.7}" customWidth="1"/>'
            for i, w in enumerate(widths)
        )
        head.append(f"<cols>{cols}</cols>")
    head.append("<sheetData>")
    number = 0
    if headers:
        number = 1
        cells = "".join(
            f'<c r="{_column(i)}1" s="{_HEADER}" t="inlineStr"><is>{_text(str(h))}</is></c>'
            for i, h in enumerate(headers)
        )
        head.append(f'<row r="1">{cells}</row>')
    raw.write("".join(head).encode("utf-8"))
    letters = [_column(i) for i in range(max(ncols, 1))]
    styles = [_number_style(sheet, i) for i in range(max(ncols, 1))]
    pending: list[str] = []
    written = 0
    for row in rows:
        number += 1
        written += 1
        r = str(number)
        if len(row) > len(letters):
            letters += [_column(i) for i in range(len(letters), len(row))]
            styles += [_number_style(sheet, i) for i in range(len(styles), len(row))]
        cells = "".join([_cell(letters[i] + r, value, styles[i]) for i, value in enumerate(row)])
        pending.append(f'<row r="{r}">{cells}</row>')
        if len(pending) >= ROWS_PER_WRITE:
            raw.write("".join(pending).encode("utf-8"))
            pending.clear()
    pending.append("</sheetData></worksheet>")
    raw.write("".join(pending).encode("utf-8"))
    return written


def _number_style(sheet: SheetData, col: int) -> str:
    """The style attribute of a number in this column ('' for a plain number)."""
    if col in sheet.percent_cols:
        return f' s="{_PERCENT}"'
    if col in sheet.decimal_cols:
        return f' s="{_DECIMAL}"'
    return ""


def workbook(
    title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    widths: list[int],
    percent_cols: set[int] | frozenset[int] = frozenset(),
) -> IO[bytes]:
    """The workbook in a temporary file, read from its start (the caller closes it)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, which closes it
    write(out, title, headers, rows, widths, percent_cols)
    out.seek(0)
    return out
