"""A one-sheet export written again with Excel's row limit made small: the same rows, in order,
over sheets named with their number, each with the header."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def assert_split(whole: bytes, split: bytes, rows_per_sheet: int) -> None:
    one = load_workbook(io.BytesIO(whole))
    assert len(one.sheetnames) == 1
    header, *body = list(one.active.iter_rows(values_only=True))
    book = load_workbook(io.BytesIO(split))
    per_part = rows_per_sheet - 1
    count = -(-len(body) // per_part)
    assert count > 1, "not enough rows to split"
    assert book.sheetnames == [f"{one.sheetnames[0]} {n}" for n in range(1, count + 1)]
    rows: list[Any] = []
    for name in book.sheetnames:
        first, *rest = list(book[name].iter_rows(values_only=True))
        assert first == header and book[name].freeze_panes == "A2"
        assert 0 < len(rest) <= per_part
        rows += rest
    assert rows == body
