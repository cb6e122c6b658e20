"""Fixtures of the admin tests: HR files as bytes, and a helper to run the import command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from tests.admin import hrdata


def csv_bytes(
    rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";", bom: bool = False
) -> bytes:
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


HEADER = ["Anställningsnummer", "Namn", "E-post", "Förvaltning", "Enhet", "Befattning"]


@pytest.fixture
def hr_rows() -> list[dict[str, str]]:
    return hrdata.people()


@pytest.fixture
def run_import(runner: FlaskCliRunner, tmp_path: Path) -> Callable[..., Any]:
    """Write `data` to a file and run `flask people import` on it with `args`."""

    def run(data: bytes, *args: str) -> Any:
        path = tmp_path / "hr.csv"
        path.write_bytes(data)
        return runner.invoke(args=["people", "import", str(path), *args])

    return run
