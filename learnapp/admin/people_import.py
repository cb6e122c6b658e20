"""Applying an HR file to the organisation: a dry run that reports, or all of it in one go.

`run_import(parsed, ...)` first plans every row against the database (match by employee number,
then e-mail; find or, when asked, create departments and units; check managers) and collects
every error. With errors, or without `apply`, nothing is written. Otherwise everything is written
and flushed; the caller commits once, or rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.orm import lazyload

from learnapp import signals
from learnapp.admin.hr_import import HrRow, ParsedFile, RowError
from learnapp.admin.import_units import UnitKey, Units, row_key
from learnapp.admin.models import PendingImport
from learnapp.audit.services import record, record_many
from learnapp.db import id_set, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, PersonRole, Role, Unit, UnitManager

CHUNK = 500
# From this many people written, PostgreSQL's statistics are refreshed before the rules run: the
# planner would otherwise plan the set-based statements for the tables as they were (right after
# a first import, an empty person table) and pick nested scans that take minutes, not seconds.
ANALYZE_FROM = 1_000
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
        # Without their roles (the import reads them itself, in one statement, for managers).
        stmt = select(Person).where(column.in_(chunk)).options(lazyload(Person.role_rows))  # type: ignore[attr-defined]
        for person in db.session.scalars(stmt):
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
    created, changed, ids_by_email = _write(plans, units, actor)
    deactivated = _deactivate(leavers, actor)
    changed += _write_managers(parsed.rows, units, actor, ids_by_email)
    large = len(created) + len(changed) + len(deactivated) >= ANALYZE_FROM
    if large:
        _analyze("person", "person_role", "unit_manager")
    # One announcement for the whole file: the rules are applied to everyone at once.
    signals.people_changed.send(created=created, changed=changed, deactivated=deactivated)
    if large:
        _analyze("assignment", "course_status")
    report.applied = True
    counts: dict[str, Any] = dict(report.counts())
    record("people.import", actor=actor, filename=filename, **counts)
    return report


def _analyze(*tables: str) -> None:
    """ANALYZE the tables on PostgreSQL (in the transaction: it sees the rows just written)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"ANALYZE {', '.join(tables)}"))


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


def _write(
    plans: list[_Plan], units: Units, actor: Person | None
) -> tuple[list[int], list[int], dict[str, int]]:
    """Insert the new people and update the changed ones, each in one batched statement.

    Returns the ids created, the ids whose rules may have changed (unit, key person,
    reactivated), and every row's person id by the file's e-mail.
    """
    now = utcnow()
    new = [p for p in plans if p.person is None]
    by_email = {plan.row.email: plan.person.id for plan in plans if plan.person is not None}
    created: list[int] = []
    if new:
        # RETURNING the e-mail too: batched, the rows need not come back in the file's order.
        inserted = db.session.execute(
            insert(Person).returning(Person.id, Person.email),
            [_new_person(plan.row, units.resolved[plan.unit_key], now) for plan in new],
        )
        ids = {email: id_ for id_, email in inserted}
        created = [ids[Person.normalise_email(plan.row.email)] for plan in new]
        by_email.update({plan.row.email: id_ for plan, id_ in zip(new, created, strict=True)})
    edits = [(p.person, p) for p in plans if p.person is not None and p.fields]
    if edits:
        table = Person.__table__
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("person_id"))
            .values({name: bindparam(name) for name in _EDITED}),
            [_edited_person(plan, units.resolved[plan.unit_key]) for _person, plan in edits],
        )
    # The ids before the objects are expired (reading an expired id would load the person).
    reactivated = [person.id for person, plan in edits if "active" in plan.fields]
    changed = [
        person.id
        for person, plan in edits
        if {"unit", "is_key_person", "active"} & set(plan.fields)
    ]
    for person, _plan in edits:
        db.session.expire(person)
    record_many(
        "person.reactivated",
        [("person", id_, {"reason": "hr_import"}) for id_ in reactivated],
        actor=actor,
    )
    return created, changed, by_email


_EDITED = ("name", "email", "employee_number", "unit_id", "job_title", "is_key_person",
           "key_function", "work_phone", "active", "deactivated_at")  # fmt: skip


def _new_person(row: HrRow, unit: Unit, now: datetime) -> dict[str, Any]:
    is_key = bool(row.is_key_person)
    return {
        "name": row.name,
        "email": Person.normalise_email(row.email),
        "employee_number": row.employee_number,
        "unit_id": unit.id,
        "job_title": row.job_title or "",
        "is_key_person": is_key,
        "key_function": (row.key_function or "") if is_key else "",
        "work_phone": row.work_phone or None,
        "active": True,
        "language": "sv",
        "session_version": 1,
        "created_at": now,
    }


def _edited_person(plan: _Plan, unit: Unit) -> dict[str, Any]:
    """The person's columns after the row is applied (every column, so that one statement fits)."""
    row, person = plan.row, plan.person
    assert person is not None
    is_key = row.is_key_person if row.is_key_person is not None else person.is_key_person
    key_function = _key_function(row, person)
    return {
        "person_id": person.id,
        "name": row.name,
        "email": Person.normalise_email(row.email),
        "employee_number": row.employee_number or person.employee_number,
        "unit_id": unit.id,
        "job_title": row.job_title if row.job_title is not None else person.job_title,
        "is_key_person": is_key,
        "key_function": key_function if key_function is not None else person.key_function,
        "work_phone": (row.work_phone or None) if row.work_phone is not None else person.work_phone,
        "active": True,
        "deactivated_at": None,
    }


def _deactivate(leavers: list[Person], actor: Person | None) -> list[int]:
    """Deactivate the leavers in one statement (their open sessions end), audit-logged."""
    ids = [p.id for p in leavers]
    if not ids:
        return []
    db.session.execute(
        update(Person)
        .where(Person.id.in_(id_set(ids, db.session)))
        .values(
            active=False,
            deactivated_at=utcnow(),
            session_version=Person.session_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    for person in leavers:
        db.session.expire(person)
    record_many(
        "person.deactivated", [("person", id_, {"reason": "hr_import"}) for id_ in ids], actor=actor
    )
    return ids


def _write_managers(
    rows: list[HrRow], units: Units, actor: Person | None, by_email: dict[str, int]
) -> list[int]:
    """Add the file's manager links in a few statements; return who gained the manager role.

    A manager named in the file is either one of its rows or a person already in learnapp.
    """
    pairs = sorted(
        {(r.manager_email, units.resolved[row_key(r)].id) for r in rows if r.manager_email}
    )
    if not pairs:
        return []
    others = {email for email, _ in pairs} - set(by_email)
    ids = dict(by_email)
    ids.update({email: p.id for email, p in _people_by(Person.email, others).items()})
    wanted = [(ids[email], unit_id) for email, unit_id in pairs if email in ids]
    managers = id_set({person_id for person_id, _ in wanted}, db.session)
    existing = {
        (person_id, unit_id)
        for person_id, unit_id in db.session.execute(
            select(UnitManager.person_id, UnitManager.unit_id).where(
                UnitManager.person_id.in_(managers)
            )
        )
    }
    added: dict[int, list[int]] = {}
    for person_id, unit_id in wanted:
        if (person_id, unit_id) not in existing:
            added.setdefault(person_id, []).append(unit_id)
    if not added:
        return []
    db.session.execute(
        insert(UnitManager),
        [{"person_id": p, "unit_id": u} for p, unit_ids in added.items() for u in unit_ids],
    )
    record_many(
        "person.managed_units_changed",
        [("person", p, {"added": u, "source": "hr_import"}) for p, u in added.items()],
        actor=actor,
    )
    # The manager role is managing a unit: those who managed none before gain it (audit-logged
    # as a change of roles; nothing is stored for it).
    gaining = sorted(set(added) - {person_id for person_id, _ in existing})
    roles: dict[int, set[str]] = {p: set() for p in gaining}
    if gaining:
        for person_id, role in db.session.execute(
            select(PersonRole.person_id, PersonRole.role).where(
                PersonRole.person_id.in_(id_set(gaining, db.session))
            )
        ):
            roles[person_id].add(role)
    record_many(
        "person.roles_changed",
        [
            (
                "person",
                p,
                {
                    "before": sorted(roles[p]),
                    "after": sorted(roles[p] | {Role.MANAGER.value}),
                    "source": "hr_import",
                },
            )
            for p in gaining
        ],
        actor=actor,
    )
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Person) and obj.id in added:
            db.session.expire(obj)
    return gaining  # a rule for the manager role now covers them


def _leavers(parsed: ParsedFile, matched: set[int], actor: Person | None) -> list[Person]:
    """Active people from HR (they have an employee number) whom this file no longer lists.

    Accounts without an employee number (external partners, service accounts) are left alone.
    """
    in_file_numbers = {r.employee_number for r in parsed.rows if r.employee_number}
    stmt = (
        select(Person)
        .where(Person.active, Person.employee_number.is_not(None))
        .options(lazyload(Person.role_rows))
    )
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
