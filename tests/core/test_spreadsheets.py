"""The shared export helpers: CSV streamed in whole lines, typed XLSX cells, local times."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from learnapp import spreadsheets


def test_a_long_csv_is_streamed_in_pieces_of_whole_lines_that_add_up_to_the_file() -> None:
    rows = [[f"Person {n}", n, "=1+1" if n % 100 == 0 else "text"] for n in range(5000)]

    chunks = list(spreadsheets.csv_chunks(["Namn", "Nr", "Fält"], rows))

    assert len(chunks) > 1  # not one piece per line, and not the whole file at once
    assert len(chunks) < 100
    assert all(chunk.endswith("\r\n") for chunk in chunks)
    assert all(len(chunk) < 2 * spreadsheets.CSV_CHUNK for chunk in chunks)
    text = "".join(chunks)
    assert text.startswith("\ufeffNamn;Nr;Fält\r\n")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(parsed) == 5001
    assert parsed[1] == ["Person 0", "0", "'=1+1"]
    assert parsed[2] == ["Person 1", "1", "text"]
    assert parsed[-1] == ["Person 4999", "4999", "text"]


def test_a_short_csv_is_one_piece_and_an_empty_one_has_its_header() -> None:
    assert list(spreadsheets.csv_chunks(["a", "b"], [[None, date(2026, 3, 1)]])) == [
        "\ufeffa;b\r\n;2026-03-01\r\n"
    ]
    assert list(spreadsheets.csv_chunks(["a"], [])) == ["\ufeffa\r\n"]


def test_csv_has_iso_dates_and_a_decimal_point_in_either_language(app) -> None:
    from flask_babel import force_locale

    row = [date(2026, 12, 3), datetime(2026, 12, 3, 15, 52), 1.0, 2 / 3, 0.25, 12345]
    with app.test_request_context("/"):
        with force_locale("sv"):
            swedish = "".join(spreadsheets.csv_chunks(["a"], [row]))
        with force_locale("en"):
            english = "".join(spreadsheets.csv_chunks(["a"], [row]))
    assert swedish.endswith("2026-12-03;2026-12-03 15:52;1;0.666667;0.25;12345\r\n")
    assert english == swedish


def test_csv_by_column_writes_the_same_as_by_each_cells_type() -> None:
    columns = spreadsheets.CsvColumns(text=(0, 1), moments=(2,), decimals=(3,))
    rows = [
        ["=SUM(A1)", "Söder", datetime(2026, 12, 3, 15, 52, 7), 0.8, 3, date(2026, 12, 3), "Ja"],
        ["-1", "", None, None, None, None, "Nej"],
        ["Åsa", "+46", datetime(2026, 1, 2, 3, 4), 1.0, 0, None, "Ja"],
    ]
    by_type = "".join(spreadsheets.csv_chunks(["h"], [list(r) for r in rows]))
    by_column = "".join(spreadsheets.csv_chunks(["h"], [list(r) for r in rows], columns))
    assert by_column == by_type
    assert "'=SUM(A1);Söder;2026-12-03 15:52;0.8;3;2026-12-03;Ja\r\n" in by_column
    assert "'-1;;;;;;Nej\r\n" in by_column and "Åsa;'+46;2026-01-02 03:04;1;0;;Ja" in by_column


def test_sheet_cells_keep_their_types_and_formulas_stay_text() -> None:
    book, out = spreadsheets.new_workbook()
    sheet = spreadsheets.Sheet(book, "Data", ["a"] * 9, [10] * 9)
    sheet.write(
        ["text", "", None, 3, 2.5, True, datetime(2026, 3, 1, 8, 30), "=SUM(A1)", Decimal("1.5")]
    )
    book.close()
    out.seek(0)

    cells = [cell.value for cell in load_workbook(out).active[2]]

    assert cells[:6] == ["text", None, None, 3, 2.5, True]
    assert cells[6] == datetime(2026, 3, 1, 8, 30)
    assert cells[7] == "'=SUM(A1)"
    assert cells[8] == "1.5"


def test_local_times_follow_swedish_summer_and_winter_time(app) -> None:
    with app.test_request_context("/"):
        convert = spreadsheets.local_converter()
    assert convert(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == datetime(2026, 7, 1, 12, 0)
    assert convert(datetime(2026, 1, 15, 10, 0, tzinfo=UTC)) == datetime(2026, 1, 15, 11, 0)
    assert convert(None) is None


def test_a_workbook_is_kept_in_memory_only_when_it_is_known_to_be_small() -> None:
    def constant_memory(expected: int | None) -> bool:
        book, out = spreadsheets.new_workbook(expected)
        sheet = spreadsheets.Sheet(book, "Data", ["a", "b"], [10, 10])
        for n in range(3):
            sheet.write([f"row {n}", n])
        mode = book.constant_memory
        book.close()
        out.seek(0)
        rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
        assert rows == [["a", "b"], ["row 0", 0], ["row 1", 1], ["row 2", 2]]
        return mode

    assert constant_memory(None) is True
    assert constant_memory(spreadsheets.IN_MEMORY_CELLS + 1) is True
    assert constant_memory(spreadsheets.IN_MEMORY_CELLS) is False
    assert constant_memory(8) is False
