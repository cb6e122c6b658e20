"""The streamed one-sheet XLSX: what a spreadsheet reads back from it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from learnapp import xlsx_stream


def _book(headers: list[str], rows: list[list[Any]], **kw: Any) -> Any:
    out = xlsx_stream.workbook(kw.pop("title", "Utbildning"), headers, rows, **kw)
    return load_workbook(out)


def test_cells_come_back_with_their_types_and_formats() -> None:
    when = datetime(2026, 12, 3, 15, 52)
    book = _book(
        ["Namn", "Antal", "Andel", "Ja", "Datum", "Tid", "Tom"],
        [["Åsa Öberg", 3, 0.25, True, date(2026, 1, 31), when, None]],
        widths=[30, 10, 10, 5, 12, 16, 5],
        percent_cols={2},
    )
    sheet = book["Utbildning"]
    assert [c.value for c in sheet[1]] == ["Namn", "Antal", "Andel", "Ja", "Datum", "Tid", "Tom"]
    name, count, share, yes, day, moment, empty = sheet[2]
    assert (name.value, count.value, share.value, yes.value) == ("Åsa Öberg", 3, 0.25, True)
    assert day.value == datetime(2026, 1, 31) and day.number_format == "yyyy-mm-dd"
    assert moment.value == when and moment.number_format == "yyyy-mm-dd hh:mm"
    assert share.number_format == "0%" and count.number_format == "General"
    assert empty.value is None
    assert sheet[1][0].font.b and sheet.freeze_panes == "A2"
    assert round(sheet.column_dimensions["A"].width) == 31


def test_text_is_never_a_formula_and_odd_characters_do_not_break_the_file() -> None:
    book = _book(
        ["Namn"],
        [['=HYPERLINK("http://x")'], ["a\x00b\x1fc"], ["  indragen "], ["<b>&amp;</b>"]],
        widths=[20],
    )
    values = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert values == ['\'=HYPERLINK("http://x")', "abc", "  indragen ", "<b>&amp;</b>"]
    assert all(row[0].data_type == "s" for row in book.active.iter_rows(min_row=2))


def test_many_columns_rows_and_numbers_excel_cannot_hold() -> None:
    row = [float("nan"), *range(1, 30)]
    book = _book([], [row] * 3, widths=[])
    sheet = book.active
    assert sheet.max_row == 3 and sheet["A1"].value is None
    assert sheet["AD3"].value == 29  # the 30th column


def test_the_sheet_is_deflated_and_written_as_it_goes() -> None:
    out = xlsx_stream.workbook("T", ["A"], ([str(n)] for n in range(2_000)), [10])
    with zipfile.ZipFile(out) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < info.file_size
    assert load_workbook(out).active.max_row == 2_001


def test_a_title_with_characters_excel_refuses_in_sheet_names_still_opens() -> None:
    book = _book(["A"], [["x"]], title="'Vård/omsorg: [2026]?*\\'", widths=[10])
    assert book.sheetnames == ["Vårdomsorg 2026"]


def test_several_sheets_each_with_its_rows_formats_and_header() -> None:
    out = io.BytesIO()
    written = xlsx_stream.write_sheets(
        out,
        [
            xlsx_stream.SheetData(
                "Sammanfattning",
                ["Andel", "Snitt"],
                iter([[0.5, 2.25]]),
                [10, 10],
                percent_cols={0},
                decimal_cols={1},
            ),
            xlsx_stream.SheetData("Svar", ["Namn"], (["Åsa"] for _ in range(3)), [20]),
            xlsx_stream.SheetData("Om exporten", [], [["Skapad", date(2026, 12, 4)]], [20, 20]),
        ],
    )
    assert written == [1, 3, 1]
    book = load_workbook(out)
    assert book.sheetnames == ["Sammanfattning", "Svar", "Om exporten"]
    share, average = book["Sammanfattning"][2]
    assert (share.value, share.number_format) == (0.5, "0%")
    assert (average.value, average.number_format) == (2.25, "0.00")
    assert [c.value for c in book["Svar"]["A"]] == ["Namn", "Åsa", "Åsa", "Åsa"]
    assert book["Svar"].freeze_panes == "A2" and book["Om exporten"].freeze_panes is None
    assert book["Om exporten"]["B1"].value == datetime(2026, 12, 4)


def test_a_reader_without_the_sheets_dimensions_sees_empty_cells_in_their_columns() -> None:
    """openpyxl's read-only mode reads no dimension from the sheet: an empty cell in the middle or
    at the end of a row must still take its column, or a two-column sheet comes back as one."""
    out = xlsx_stream.workbook(
        "Om", ["Fält", "Värde", "Not"], [["Beskrivning", None, ""], [None, "x", None]], [10, 10, 10]
    )
    rows = list(load_workbook(out, read_only=True)["Om"].iter_rows(values_only=True))
    assert rows[1] == ("Beskrivning", None, None)
    assert rows[2] == (None, "x", None)


def test_a_sheet_longer_than_the_row_limit_goes_on_in_numbered_sheets_with_its_header() -> None:
    """Excel's limit (1,048,576 rows) made small: 3 rows a sheet, the header's included."""
    out = io.BytesIO()
    written = xlsx_stream.write_sheets(
        out,
        [
            xlsx_stream.SheetData("Sammanfattning", ["A"], iter([["s1"], ["s2"]]), [10]),
            xlsx_stream.SheetData(
                "Svar", ["Namn", "Nr"], ([f"p{n}", n] for n in range(7)), [20, 8]
            ),
            xlsx_stream.SheetData("Om exporten", [], [["a"], ["b"], ["c"]], [20]),
            xlsx_stream.SheetData("X" * 40, ["H"], (["x"] for _ in range(3)), [10]),
        ],
        max_rows=3,
    )
    assert written == [2, 7, 3, 3]  # each sheet's rows, wherever they went
    book = load_workbook(out)
    assert book.sheetnames == [
        "Sammanfattning",  # exactly as many rows as a sheet holds: not split
        "Svar 1",
        "Svar 2",
        "Svar 3",
        "Svar 4",
        "Om exporten",  # no header: three rows of its own
        "X" * 29 + " 1",  # at most 31 characters with the number
        "X" * 29 + " 2",
    ]
    parts = [book[f"Svar {n}"] for n in range(1, 5)]
    assert all([c.value for c in part[1]] == ["Namn", "Nr"] for part in parts)
    assert all(part.freeze_panes == "A2" for part in parts)
    rows = [row for part in parts for row in part.iter_rows(min_row=2, values_only=True)]
    assert rows == [(f"p{n}", n) for n in range(7)]  # in order, none lost or repeated
    assert [part.max_row for part in parts] == [3, 3, 3, 2]
    assert [c.value for c in book["Om exporten"]["A"]] == ["a", "b", "c"]
