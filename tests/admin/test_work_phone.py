"""The optional work phone the contacts block shows: admin form and HR import column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from learnapp.admin import hr_import
from learnapp.extensions import db
from learnapp.org.models import Person
from tests.admin.conftest import HEADER, csv_bytes

PHONE_HEADER = [*HEADER, "Arbetstelefon"]


def test_the_hr_import_reads_a_work_phone_column(run_import: Callable[..., Any], org: Any) -> None:
    data = csv_bytes(
        [
            PHONE_HEADER,
            ["1", "Anna Berg", "anna@example.org", "UTB", "Söderskolan", "", "010-123 45 67"],
        ]
    )
    result = run_import(data, "--apply")
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.email == "anna@example.org"))
    assert person is not None and person.work_phone == "010-123 45 67"
    # An empty cell in the column removes the number.
    data = csv_bytes(
        [PHONE_HEADER, ["1", "Anna Berg", "anna@example.org", "UTB", "Söderskolan", "", ""]]
    )
    assert run_import(data, "--apply").exit_code == 0
    db.session.expire_all()
    assert db.session.get(Person, person.id).work_phone is None


def test_a_work_phone_that_is_not_a_number_is_an_error_on_its_row(app: Any) -> None:
    data = csv_bytes(
        [PHONE_HEADER, ["1", "Anna", "a@example.org", "UTB", "Söderskolan", "", "ring mig"]]
    )
    parsed = hr_import.parse(data)
    assert [e.column for e in parsed.errors] == ["Arbetstelefon"]


def test_an_admin_records_a_work_phone_and_bad_ones_are_refused(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    form = {
        "name": "Ny Person",
        "email": "ny@example.org",
        "unit": str(org.soder.id),
        "language": "sv",
        "work_phone": "javascript:alert(1)",
    }
    page = client.post("/admin/people/new", data=form).get_data(as_text=True)
    assert "Skriv bara siffror" in page
    assert db.session.scalar(select(Person).where(Person.email == "ny@example.org")) is None
    client.post("/admin/people/new", data={**form, "work_phone": "+46 10 123 45 67"})
    person = db.session.scalar(select(Person).where(Person.email == "ny@example.org"))
    assert person is not None and person.work_phone == "+46 10 123 45 67"


def test_a_row_error_names_the_field_in_the_readers_language_beside_the_files_header(
    app: Any,
) -> None:
    from flask_babel import force_locale

    data = csv_bytes(
        [PHONE_HEADER, ["1", "Anna", "a@example.org", "UTB", "Söderskolan", "", "ring mig"]]
    )
    with app.test_request_context("/"), force_locale("en"):
        parsed = hr_import.parse(data)
        message = str(parsed.errors[0])
    assert parsed.errors[0].column == "work phone (column Arbetstelefon)"
    assert message.startswith("row 2: work phone (column Arbetstelefon): ")
