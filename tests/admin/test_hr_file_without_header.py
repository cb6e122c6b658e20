"""An HR file with nothing that could be a header row (only separators, a lone quote, quotes and
blanks) is refused with a clear error, from the command line and from the upload; never a crash."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from learnapp.admin import hr_import

NO_HEADER = [b";;;;\n;;;;\n", b",,,\r\n", b'"', b'""\n""\n', b"\xef\xbb\xbf;\n  ;  \n"]


@pytest.mark.parametrize("data", NO_HEADER)
def test_the_reader_names_the_missing_header_row(app: Any, data: bytes) -> None:
    parsed = hr_import.parse(data)
    assert [str(e.message) for e in parsed.errors] == [
        "Filen saknar rubrikrad: första raden ska ange kolumnernas namn."
    ]
    assert parsed.rows == []


@pytest.mark.parametrize("data", NO_HEADER)
def test_the_command_reports_it_and_exits_1(run_import: Callable[..., Any], data: bytes) -> None:
    result = run_import(data, "--apply")
    assert result.exit_code == 1, result.output
    assert "Filen saknar rubrikrad" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("data", NO_HEADER)
def test_the_upload_shows_it(client: Any, login: Any, org: Any, data: bytes) -> None:
    login(org.admin)
    form = {"file": (io.BytesIO(data), "personal.csv")}
    response = client.post("/admin/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Filen saknar rubrikrad" in response.get_data(as_text=True)
