"""Reading HR files: encodings, separators, headers, and every kind of bad input."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask_babel import force_locale

from learnapp.admin import hr_import
from tests.admin.conftest import HEADER, csv_bytes

ROW = ["1001", "Anna Berg", "anna.berg@kommun.example", "Utbildningsförvaltningen", "Söderskolan", "Lärare"]  # fmt: skip


@pytest.fixture(autouse=True)
def english(app: object) -> Iterator[None]:
    with force_locale("en"):
        yield


def messages(parsed: hr_import.ParsedFile) -> list[str]:
    return [str(e) for e in parsed.errors]


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [("utf-8", False, ";"), ("utf-8", True, ";"), ("utf-8", True, ","), ("cp1252", False, ";"),
     ("cp1252", False, ",")],
)  # fmt: skip
def test_reads_swedish_letters_in_every_encoding_and_separator(
    app: object, encoding: str, bom: bool, delimiter: str
) -> None:
    parsed = hr_import.parse(csv_bytes([HEADER, ROW], encoding, delimiter, bom))
    assert parsed.errors == []
    assert parsed.delimiter == delimiter
    assert parsed.encoding == ("Windows-1252" if encoding == "cp1252" else "UTF-8")
    row = parsed.rows[0]
    assert (row.name, row.department, row.unit) == (
        "Anna Berg",
        "Utbildningsförvaltningen",
        "Söderskolan",
    )


def test_english_headers_and_first_and_last_name_are_understood(app: object) -> None:
    header = ["Employee number", "First name", "Last name", "E-mail", "Department", "Unit",
              "Key person", "Function", "Manager's e-mail"]  # fmt: skip
    row = ["7", "Örjan", "Åberg", "Orjan@Kommun.Example", "Dept", "Unit", "yes", "Rektor", ""]
    parsed = hr_import.parse(csv_bytes([header, row], delimiter=","))
    assert parsed.errors == []
    person = parsed.rows[0]
    assert person.name == "Örjan Åberg"
    assert person.email == "orjan@kommun.example"
    assert person.is_key_person is True
    assert person.key_function == "Rektor"


def test_an_empty_file_is_an_error(app: object) -> None:
    assert messages(hr_import.parse(b"")) == ["The file is empty."]
    assert messages(hr_import.parse(b"\r\n  \r\n")) == ["The file is empty."]


def test_a_file_with_only_headers_is_an_error(app: object) -> None:
    parsed = hr_import.parse(csv_bytes([HEADER]))
    assert messages(parsed) == ["The file has headers but no people."]


def test_an_unknown_set_of_columns_names_what_is_missing(app: object) -> None:
    parsed = hr_import.parse(csv_bytes([["Kolumn A", "Kolumn B"], ["1", "2"]]))
    [error] = parsed.errors
    assert error.row == 1
    assert "e-mail" in error.message and "department" in error.message
    assert "Kolumn A, Kolumn B" in error.message
    assert parsed.rows == []


def test_a_duplicate_email_in_the_file_names_both_rows(app: object) -> None:
    other = ["1002", "Anna B", "ANNA.BERG@kommun.example", "U", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, ROW, other]))
    assert messages(parsed) == [
        "row 3: e-mail (column E-post): anna.berg@kommun.example is also on row 2"
    ]


def test_a_duplicate_employee_number_in_the_file_is_an_error(app: object) -> None:
    other = ["1001", "Per Ek", "per.ek@kommun.example", "U", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, ROW, other]))
    assert messages(parsed) == [
        "row 3: employee number (column Anställningsnummer): 1001 is also on row 2"
    ]


def test_a_row_repeating_both_email_and_number_gets_an_error_for_each(app: object) -> None:
    other = ["1001", "Anna B", "anna.berg@kommun.example", "U", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, ROW, other]))
    assert messages(parsed) == [
        "row 3: e-mail (column E-post): anna.berg@kommun.example is also on row 2",
        "row 3: employee number (column Anställningsnummer): 1001 is also on row 2",
    ]


def test_an_invalid_email_is_an_error_naming_row_and_column(app: object) -> None:
    bad = ["1002", "Per Ek", "per.ek(at)kommun", "U", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, ROW, bad]))
    assert messages(parsed) == [
        "row 3: e-mail (column E-post): not a valid e-mail address: per.ek(at)kommun"
    ]


def test_a_missing_department_is_an_error(app: object) -> None:
    bad = ["1002", "Per Ek", "per.ek@kommun.example", "", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, bad]))
    assert messages(parsed) == ["row 2: department (column Förvaltning): a department is required"]


def test_a_row_with_too_many_fields_is_an_error(app: object) -> None:
    parsed = hr_import.parse(csv_bytes([HEADER, [*ROW, "extra"]]))
    assert messages(parsed) == ["row 2: the row has 7 fields but the header has 6"]


def test_a_row_with_too_few_fields_is_an_error(app: object) -> None:
    parsed = hr_import.parse(csv_bytes([HEADER, ROW[:4]]))
    assert messages(parsed) == ["row 2: the row has 4 fields but the header has 6"]


def test_a_binary_file_is_refused(app: object) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert messages(hr_import.parse(png)) == ["This is not a text (CSV) file."]


def test_a_file_over_the_limit_is_refused_without_reading_it_all() -> None:
    class Stream(io.BytesIO):
        read_sizes: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.read_sizes.append(size or -1)
            return super().read(size)

    stream = Stream(b"x" * 2000)
    with pytest.raises(hr_import.FileTooLarge):
        hr_import.read_limited(stream, limit=1000)
    assert stream.read_sizes == [1001]
    assert hr_import.MAX_BYTES == 50 * 1024 * 1024


def test_a_name_starting_with_equals_is_kept_as_text_with_a_warning(app: object) -> None:
    row = ["1002", '=HYPERLINK("http://x")', "per.ek@kommun.example", "U", "S", ""]
    parsed = hr_import.parse(csv_bytes([HEADER, row]))
    assert parsed.errors == []
    assert parsed.rows[0].name == '=HYPERLINK("http://x")'
    assert [w.row for w in parsed.warnings] == [2]


def test_a_key_person_value_that_is_not_yes_or_no_is_an_error(app: object) -> None:
    header = [*HEADER, "Nyckelperson"]
    parsed = hr_import.parse(csv_bytes([header, [*ROW, "kanske"]]))
    assert messages(parsed) == [
        "row 2: key person (column Nyckelperson): write yes or no (ja/nej), not kanske"
    ]
