"""Applying an HR file to the organisation: a dry run that reports, or all of it in one go.

`run_import(parsed, ...)` first plans every row against the database (match by employee number,
then e-mail; find or, when asked, create departments and units; check managers) and collects
every error. With errors, or without `apply`, nothing is written. Otherwise everything is written
and flushed; the caller commits once, or rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from learnapp import signals
from learnapp.admin import services
from learnapp.admin.hr_import import HrRow, ParsedFile, RowError
from learnapp.admin.import_units import UnitKey, Units, row_key
from learnapp.admin.models import PendingImport
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit, UnitManager
from learnapp.org.services import create_person

CHUNK = 500
PENDING_HOURS = 12  # an uploaded file waits this long for the confirm button
#: How the report names the fields that change.
FIELD_LABELS = {
    "name": _l("name"),
    "email": _l("e-mail"),
    "employee_number": _l("employee number"),
    "unit": _l("unit"),
    "job_title": _l("job title"),
    "is_key_person": _l("key person"),
    "key_function": _l("function"),
    "work_phone": _l("work phone"),
    "active": _l("reactivated"),
}


@dataclass
class Change:
    row: int
    email: str
    fields: list[str]


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: list[HrRow] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)  # e-mails
    new_departments: list[str] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_managers: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, unit)
    rows: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.created),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "deactivated": len(self.deactivated),
            "departments": len(self.new_departments),
            "units": len(self.new_units),
            "managers": len(self.new_managers),
            "errors": len(self.errors),
        }


@dataclass
class _Plan:
    row: HrRow
    person: Person | None
    unit_key: UnitKey
    fields: list[str]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _people_by(column: object, values: set[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for chunk in _chunks(sorted(values)):
        for person in db.session.scalars(select(Person).where(column.in_(chunk))):  # type: ignore[attr-defined]
            found[getattr(person, column.key)] = person  # type: ignore[attr-defined]
    return found


def run_import(
    parsed: ParsedFile,
    *,
    actor: Person | None,
    apply: bool = False,
    create_units: bool = False,
    deactivate_missing: bool = False,
    filename: str = "",
) -> ImportReport:
    """Plan (and with `apply`, write) an HR file. Writes nothing unless it has no errors."""
    report = ImportReport(errors=list(parsed.errors), warnings=list(parsed.warnings))
    report.rows = len(parsed.rows) + len({e.row for e in parsed.errors if e.row > 1})
    labels = parsed.labels
    units = Units()
    by_number = _people_by(
        Person.employee_number, {r.employee_number for r in parsed.rows if r.employee_number}
    )
    by_email = _people_by(Person.email, {r.email for r in parsed.rows})
    plans: list[_Plan] = []
    claimed: dict[int, int] = {}  # person id -> the row that matched them
    for row in parsed.rows:
        key = units.resolve(row, create_units, labels)
        if isinstance(key, RowError):
            report.errors.append(key)
            continue
        person, error = _match(row, by_number, by_email, labels)
        if error is None and person is not None and person.id in claimed:
            error = RowError(
                row.row,
                labels.get("email", ""),
                _("the same person as on row %(other)s", other=claimed[person.id]),
            )
        if error is not None:
            report.errors.append(error)
            continue
        if person is not None:
            claimed[person.id] = row.row
        plans.append(_Plan(row, person, key, _changed_fields(row, person, units.resolved.get(key))))
    _check_managers(parsed.rows, report, labels)
    report.new_departments = sorted(units.missing_departments.values())
    report.new_units = sorted(f"{k[0]} > {' > '.join(p)}" for k, p in units.missing_units.items())
    matched = {p.person.id for p in plans if p.person is not None}
    leavers = _leavers(parsed, matched, actor) if deactivate_missing else []
    report.deactivated = [p.email for p in leavers]
    for plan in plans:
        if plan.person is None:
            report.created.append(plan.row)
        elif plan.fields:
            report.changed.append(Change(plan.row.row, plan.row.email, plan.fields))
        else:
            report.unchanged += 1
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return report
    report.new_managers = _planned_managers(parsed.rows, units)
    if not apply:
        return report
    units.create_missing()
    _write(plans, units, actor)
    for person in leavers:
        services.set_active(person, False, actor, reason="hr_import")
    _write_managers(parsed.rows, units, actor)
    report.applied = True
    counts: dict[str, Any] = dict(report.counts())
    record("people.import", actor=actor, filename=filename, **counts)
    return report


def _match(
    row: HrRow, by_number: dict[str, Person], by_email: dict[str, Person], labels: dict[str, str]
) -> tuple[Person | None, RowError | None]:
    person = by_number.get(row.employee_number) if row.employee_number else None
    holder = by_email.get(row.email)
    if person is not None:
        if holder is not None and holder.id != person.id:
            return None, RowError(
                row.row,
                labels.get("email", ""),
                _(
                    "%(value)s already belongs to another person in learnapp",
                    value=row.email,
                ),
            )
        return person, None
    if holder is not None and row.employee_number and holder.employee_number:
        return None, RowError(
            row.row,
            labels.get("employee_number", ""),
            _(
                "%(email)s belongs to a person with employee number %(other)s",
                email=row.email,
                other=holder.employee_number,
            ),
        )
    return holder, None


def _changed_fields(row: HrRow, person: Person | None, unit: Unit | None) -> list[str]:
    if person is None:
        return []
    fields = []
    if person.name != row.name:
        fields.append("name")
    if person.email != row.email:
        fields.append("email")
    if row.employee_number and person.employee_number != row.employee_number:
        fields.append("employee_number")
    if unit is None or person.unit_id != unit.id:
        fields.append("unit")
    if row.job_title is not None and person.job_title != row.job_title:
        fields.append("job_title")
    if row.is_key_person is not None and person.is_key_person != row.is_key_person:
        fields.append("is_key_person")
    key_function = _key_function(row, person)
    if key_function is not None and person.key_function != key_function:
        fields.append("key_function")
    if row.work_phone is not None and person.work_phone != (row.work_phone or None):
        fields.append("work_phone")
    if not person.active:
        fields.append("active")
    return fields


def _key_function(row: HrRow, person: Person | None) -> str | None:
    is_key = (
        row.is_key_person
        if row.is_key_person is not None
        else bool(person and person.is_key_person)
    )
    if row.key_function is None:
        return None if is_key else ""
    return row.key_function if is_key else ""


def _check_managers(rows: list[HrRow], report: ImportReport, labels: dict[str, str]) -> None:
    wanted = {r.manager_email for r in rows if r.manager_email}
    in_file = {r.email for r in rows}
    known = set(_people_by(Person.email, wanted - in_file))
    for row in rows:
        if (
            row.manager_email
            and row.manager_email not in in_file
            and row.manager_email not in known
        ):
            report.errors.append(
                RowError(
                    row.row,
                    labels.get("manager_email", ""),
                    _("no person with the e-mail %(value)s", value=row.manager_email),
                )
            )


def _planned_managers(rows: list[HrRow], units: Units) -> list[tuple[str, str]]:
    """(manager e-mail, unit name) for each manager link the file adds."""
    pairs = {(r.manager_email, row_key(r)) for r in rows if r.manager_email}
    if not pairs:
        return []
    existing = {
        (email, unit_id)
        for email, unit_id in db.session.execute(
            select(Person.email, UnitManager.unit_id).join(
                UnitManager, UnitManager.person_id == Person.id
            )
        )
    }
    planned = []
    for email, key in sorted(pairs):
        unit = units.resolved.get(key)
        if unit is None or (email, unit.id) not in existing:
            planned.append((email, unit.name if unit else " > ".join(key[1])))
    return planned


def _write(plans: list[_Plan], units: Units, actor: Person | None) -> None:
    for plan in plans:
        row, unit = plan.row, units.resolved[plan.unit_key]
        if plan.person is None:
            person = create_person(
                row.name,
                row.email,
                unit=unit,
                job_title=row.job_title or "",
                is_key_person=bool(row.is_key_person),
                key_function=row.key_function or "",
                employee_number=row.employee_number,
                work_phone=row.work_phone or None,
            )
            signals.person_changed.send(person=person, created=True, moved=False, deactivated=False)
            continue
        if not plan.fields:
            continue
        person = plan.person
        person.name, person.email = row.name, row.email
        if row.employee_number:
            person.employee_number = row.employee_number
        person.unit = unit
        if row.job_title is not None:
            person.job_title = row.job_title
        if row.is_key_person is not None:
            person.is_key_person = row.is_key_person
        key_function = _key_function(row, person)
        if key_function is not None:
            person.key_function = key_function
        if row.work_phone is not None:
            person.work_phone = row.work_phone or None
        db.session.flush()
        if "active" in plan.fields:
            services.set_active(person, True, actor, reason="hr_import")
        if {"unit", "is_key_person"} & set(plan.fields):
            signals.person_changed.send(person=person, created=False, moved=True, deactivated=False)


def _write_managers(rows: list[HrRow], units: Units, actor: Person | None) -> None:
    from learnapp.org.services import add_managed_unit, find_person_by_email

    done: set[tuple[str, int]] = set()
    for row in rows:
        if not row.manager_email:
            continue
        unit = units.resolved[row_key(row)]
        if (row.manager_email, unit.id) in done:
            continue
        done.add((row.manager_email, unit.id))
        manager = find_person_by_email(row.manager_email)
        if manager is None or db.session.get(UnitManager, (manager.id, unit.id)) is not None:
            continue
        had_role = set(manager.roles)
        add_managed_unit(manager, unit)
        record(
            "person.managed_units_changed",
            actor=actor,
            target=manager,
            added=[unit.id],
            source="hr_import",
        )
        if set(manager.roles) != had_role:
            record(
                "person.roles_changed",
                actor=actor,
                target=manager,
                before=sorted(r.value for r in had_role),
                after=sorted(r.value for r in manager.roles),
                source="hr_import",
            )
            # a rule for the manager role now covers them
            signals.person_changed.send(
                person=manager, created=False, moved=False, deactivated=False
            )


def _leavers(parsed: ParsedFile, matched: set[int], actor: Person | None) -> list[Person]:
    """Active people from HR (they have an employee number) whom this file no longer lists.

    Accounts without an employee number (external partners, service accounts) are left alone.
    """
    in_file_numbers = {r.employee_number for r in parsed.rows if r.employee_number}
    stmt = select(Person).where(Person.active, Person.employee_number.is_not(None))
    return [
        p
        for p in db.session.scalars(stmt.order_by(Person.email))
        if p.id not in matched
        and p.employee_number not in in_file_numbers
        and (actor is None or p.id != actor.id)
    ]


def discard_stale_uploads(hours: int = PENDING_HOURS) -> int:
    """Delete uploaded HR files that were never confirmed (they hold personal data)."""
    cutoff = utcnow() - timedelta(hours=hours)
    result = db.session.execute(delete(PendingImport).where(PendingImport.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
