"""Importing HR files: dry run, apply, a second import's exact diff, errors that write nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from learnapp import signals
from learnapp.admin import hr_import
from learnapp.admin.people_import import run_import as run_service
from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit, UnitManager
from tests import factories
from tests.admin import hrdata
from tests.admin.conftest import HEADER, csv_bytes


@pytest.fixture(autouse=True)
def english(app: object) -> Iterator[None]:
    with force_locale("en"):
        yield


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_realistic_file_imports_from_the_command_line(run_import: Callable[..., Any]) -> None:
    result = run_import(hrdata.FIXTURE.read_bytes(), "--apply", "--create-units")
    assert result.exit_code == 0, result.output
    assert "270 created" in result.output
    assert count(Person) == 270
    assert count(Department) == 4
    soder = db.session.scalar(select(Unit).where(Unit.name == "Söderskolan"))
    assert soder is not None and soder.parent is not None and soder.parent.name == "Grundskolor"
    head = db.session.scalar(select(Person).where(Person.employee_number == "10001"))
    assert head is not None and head.is_key_person and head.key_function == "Rektor"
    assert Role.MANAGER in head.roles
    assert db.session.get(UnitManager, (head.id, soder.id)) is not None


def test_a_dry_run_writes_nothing(run_import: Callable[..., Any]) -> None:
    result = run_import(hrdata.FIXTURE.read_bytes(), "--create-units")
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "270 created" in result.output
    assert count(Person) == 0
    assert count(Department) == 0
    assert count(AuditEvent) == 0


def test_unknown_departments_are_errors_without_create_units(
    run_import: Callable[..., Any],
) -> None:
    result = run_import(hrdata.FIXTURE.read_bytes(), "--apply")
    assert result.exit_code == 1
    assert (
        "row 2: department (column Förvaltning): unknown department: Utbildningsförvaltningen"
        in result.output
    )
    assert count(Person) == 0


def test_a_second_import_reports_exactly_the_changes(
    run_import: Callable[..., Any], hr_rows: list[dict[str, str]]
) -> None:
    assert run_import(hrdata.to_csv(hr_rows), "--apply", "--create-units").exit_code == 0
    changed = [dict(r) for r in hr_rows]
    changed[5]["Befattning"] = "Biträdande rektor"
    changed[40]["Enhet"] = "Gymnasiet"
    changed[100]["Efternamn"] = "Nyström"
    left = changed.pop(200)
    changed.append({**changed[10], "Anställningsnummer": "99999", "E-post": "ny@kommun.example",
                    "Chefens e-post": ""})  # fmt: skip
    data = hrdata.to_csv(changed, "utf-8-sig", ",")  # also another encoding and separator

    dry = run_service(
        hr_import.parse(data), actor=None, create_units=False, deactivate_missing=True
    )
    assert dry.errors == []
    assert {(c.email, tuple(c.fields)) for c in dry.changed} == {
        (hr_rows[5]["E-post"], ("job_title",)),
        (hr_rows[40]["E-post"], ("unit",)),
        (hr_rows[100]["E-post"], ("name",)),
    }
    assert [r.email for r in dry.created] == ["ny@kommun.example"]
    assert dry.deactivated == [left["E-post"]]
    assert dry.unchanged == 270 - 3 - 1
    db.session.rollback()

    result = run_import(data, "--apply", "--deactivate-missing")
    assert result.exit_code == 0, result.output
    assert "1 created, 3 changed, 266 unchanged, 1 deactivated" in result.output
    gone = db.session.scalar(select(Person).where(Person.email == left["E-post"]))
    assert gone is not None and not gone.active
    moved = db.session.scalar(select(Person).where(Person.email == hr_rows[40]["E-post"]))
    assert moved is not None and moved.unit is not None and moved.unit.name == "Gymnasiet"


def test_a_file_with_one_bad_row_writes_nothing(run_import: Callable[..., Any]) -> None:
    rows = hrdata.people()
    rows[30]["E-post"] = "not-an-address"
    result = run_import(hrdata.to_csv(rows), "--apply", "--create-units")
    assert result.exit_code == 1
    assert (
        "row 32: e-mail (column E-post): not a valid e-mail address: not-an-address"
        in result.output
    )
    assert count(Person) == 0 and count(Unit) == 0 and count(AuditEvent) == 0


def test_an_email_that_belongs_to_another_person_in_the_database_is_an_error(
    org: Any, run_import: Callable[..., Any]
) -> None:
    org.staff.employee_number = "555"
    db.session.commit()
    data = csv_bytes(
        [HEADER, ["777", "Lärare Söder", "staff@example.org", "UTB", "Söderskolan", ""]]
    )
    result = run_import(data, "--apply")
    assert result.exit_code == 1
    assert "row 2: employee number (column Anställningsnummer): staff@example.org belongs to a person with employee number 555" in result.output  # fmt: skip


def test_an_employee_number_matched_to_someone_whose_email_is_taken_is_an_error(
    org: Any, run_import: Callable[..., Any]
) -> None:
    org.staff.employee_number = "555"
    db.session.commit()
    data = csv_bytes([HEADER, ["555", "Lärare", "norr@example.org", "UTB", "Söderskolan", ""]])
    result = run_import(data, "--apply")
    assert result.exit_code == 1
    assert (
        "row 2: e-mail (column E-post): norr@example.org already belongs to another person"
        in result.output
    )


def test_people_are_matched_by_employee_number_before_email(
    org: Any, run_import: Callable[..., Any]
) -> None:
    org.staff.employee_number = "555"
    db.session.commit()
    data = csv_bytes([HEADER, ["555", "Lärare Söder", "nytt@example.org", "UTB", "Norrskolan", ""]])
    result = run_import(data, "--apply")
    assert result.exit_code == 0, result.output
    person = db.session.get(Person, org.staff.id)
    assert person is not None
    assert (person.email, person.unit_id) == ("nytt@example.org", org.norr.id)


def test_a_formula_name_is_stored_as_text(run_import: Callable[..., Any], org: Any) -> None:
    data = csv_bytes([HEADER, ["1", "=1+1", "f@example.org", "UTB", "Söderskolan", ""]])
    result = run_import(data, "--apply")
    assert result.exit_code == 0, result.output
    assert "warning: row 2: name (column Namn)" in result.output
    person = db.session.scalar(select(Person).where(Person.email == "f@example.org"))
    assert person is not None and person.name == "=1+1"


def test_an_applied_import_is_audit_logged_with_its_counts(
    run_import: Callable[..., Any],
) -> None:
    run_import(hrdata.FIXTURE.read_bytes(), "--apply", "--create-units")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "people.import"))
    assert event is not None
    assert event.details["created"] == 270 and event.details["filename"] == "hr.csv"


def test_new_and_moved_people_are_announced_at_once(
    org: Any, run_import: Callable[..., Any]
) -> None:
    seen: list[dict[str, list[int]]] = []

    def listener(sender: Any, **batch: list[int]) -> None:
        seen.append(batch)

    data = csv_bytes(
        [
            HEADER,
            ["1", "Ny Person", "ny@example.org", "UTB", "Söderskolan", ""],
            ["2", "Lärare Norr", "norr@example.org", "UTB", "Söderskolan", ""],
            ["3", "Annan Ny", "ny2@example.org", "UTB", "Norrskolan", ""],
        ]
    )
    with signals.people_changed.connected_to(listener):
        assert run_import(data, "--apply").exit_code == 0
    new = db.session.scalars(
        select(Person.id).where(Person.email.in_(["ny@example.org", "ny2@example.org"]))
    )
    assert seen == [{"created": sorted(new), "changed": [org.other_staff.id], "deactivated": []}]


def test_an_ambiguous_unit_name_asks_for_a_path(org: Any, run_import: Callable[..., Any]) -> None:
    factories.unit(org.school_dept, "Söderskolan")  # a second Söderskolan, at the top
    db.session.commit()
    data = csv_bytes([HEADER, ["1", "Ny", "ny@example.org", "UTB", "Söderskolan", ""]])
    result = run_import(data)
    assert result.exit_code == 1
    assert "several units called Söderskolan" in result.output
    ok = csv_bytes([HEADER, ["1", "Ny", "ny@example.org", "UTB", "Grundskolor > Söderskolan", ""]])
    assert run_import(ok, "--apply").exit_code == 0
    person = db.session.scalar(select(Person).where(Person.email == "ny@example.org"))
    assert person is not None and person.unit_id == org.soder.id


def test_the_command_refuses_a_file_over_50_mb_before_reading(runner: Any, tmp_path: Any) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(hr_import.MAX_BYTES + 1)  # sparse: nothing to read
    result = runner.invoke(args=["people", "import", str(big)])
    assert result.exit_code == 1
    assert "larger than 50 MB" in result.output


def test_the_command_reports_a_binary_file(run_import: Callable[..., Any]) -> None:
    result = run_import(b"\x00\x01\x02binary")
    assert result.exit_code == 1
    assert "not a text (CSV) file" in result.output


def test_errors_are_in_swedish_by_default(app: Any, run_import: Callable[..., Any]) -> None:
    with force_locale("sv"):
        result = run_import(hrdata.FIXTURE.read_bytes())
    assert "rad 2: Förvaltning: okänd förvaltning: Utbildningsförvaltningen" in result.output
