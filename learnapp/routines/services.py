"""Operations on routines: create, save a draft, publish, acknowledge, editors. They flush only.

Every operation that changes a routine or its editors writes an audit event (the caller passes
the client address); the view commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import ColumnElement, bindparam, delete, exists, select

from learnapp import signals
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit
from learnapp.routines import mails, status
from learnapp.routines.models import (
    MAX_BODY,
    MAX_SUMMARY,
    Routine,
    RoutineAcknowledgement,
    RoutineEditor,
    RoutineUnit,
    RoutineVersion,
)
from learnapp.routines.render import render_markdown

COORDINATION = (Role.COORDINATOR, Role.ADMIN)


class RoutineError(ValueError):
    """An operation the routine's state refuses; `code` says which (the view words it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    body: str


def _check(draft: Draft) -> None:
    if not draft.title.strip():
        raise RoutineError("title_missing")
    if len(draft.body) > MAX_BODY:
        raise RoutineError("body_too_long")
    if len(draft.summary) > MAX_SUMMARY:
        raise RoutineError("summary_too_long")


def _set_units(routine: Routine, units: Sequence[Unit]) -> None:
    if any(u.department_id != routine.department_id for u in units):
        raise RoutineError("unit_outside_department")
    routine.unit_rows = [RoutineUnit(unit_id=u.id) for u in sorted(units, key=lambda u: u.id)]


# --- who may edit --------------------------------------------------------------------------


def edited_departments(person: Person) -> list[int]:
    """The departments whose routines the person edits as a department editor."""
    return list(
        db.session.scalars(
            select(RoutineEditor.department_id).where(RoutineEditor.person_id == person.id)
        )
    )


def edits_everything(person: Person) -> bool:
    return person.has_role(*COORDINATION)


def may_edit(person: Person, routine: Routine) -> bool:
    if edits_everything(person):
        return True
    return routine.department_id is not None and routine.department_id in edited_departments(person)


def editor_condition(person: Person) -> bool | ColumnElement[bool]:
    """For the menu: True for coordinators and administrators, else the SQL condition "edits some
    department's routines", which the menu asks with its other entries' in one statement."""
    if edits_everything(person):
        return True
    return _EDITS_SOME


_EDITS_SOME = exists().where(RoutineEditor.person_id == bindparam("person_id"))


def is_editor(person: Person) -> bool:
    """Whether the person edits any routine; asked once a request (the menu asks
    `editor_condition`)."""
    if edits_everything(person):
        return True
    if not has_request_context():
        return bool(edited_departments(person))
    cache = g.setdefault("routine_editor", {})
    if person.id not in cache:
        cache[person.id] = bool(edited_departments(person))
    return bool(cache[person.id])


# --- drafts and versions -------------------------------------------------------------------


def create_routine(
    draft: Draft,
    department: Department | None,
    actor: Person | None,
    *,
    units: Sequence[Unit] = (),
    template_key: str | None = None,
    client_address: str | None = None,
) -> Routine:
    _check(draft)
    routine = Routine(
        department_id=department.id if department else None,
        template_key=template_key,
        draft_title=draft.title.strip(),
        draft_summary=draft.summary,
        draft_body=draft.body,
        draft_revision=1,
        draft_saved_at=utcnow(),
        draft_saved_by_id=actor.id if actor else None,
    )
    db.session.add(routine)
    db.session.flush()
    _set_units(routine, units)
    db.session.flush()
    record(
        "routines.created",
        actor=actor,
        target=routine,
        client_address=client_address,
        department_id=routine.department_id,
        template=template_key,
    )
    return routine


def save_draft(
    routine: Routine,
    draft: Draft,
    revision: int,
    actor: Person,
    *,
    client_address: str | None = None,
) -> None:
    """Save the draft if nobody else saved it since `revision`; raise `stale` otherwise."""
    _check(draft)
    if revision != routine.draft_revision:
        raise RoutineError("stale")
    changed = (routine.draft_title, routine.draft_summary, routine.draft_body) != (
        draft.title.strip(),
        draft.summary,
        draft.body,
    )
    if not changed:
        return
    routine.draft_title = draft.title.strip()
    routine.draft_summary = draft.summary
    routine.draft_body = draft.body
    routine.draft_revision += 1
    routine.draft_saved_at = utcnow()
    routine.draft_saved_by_id = actor.id
    db.session.flush()
    record(
        "routines.draft_saved",
        actor=actor,
        target=routine,
        client_address=client_address,
        revision=routine.draft_revision,
    )


def set_scope(
    routine: Routine,
    department: Department | None,
    units: Sequence[Unit],
    actor: Person,
    *,
    client_address: str | None = None,
) -> None:
    """Move the routine to another department (or the whole organisation) and units."""
    before = (routine.department_id, routine.unit_ids)
    routine.department_id = department.id if department else None
    _set_units(routine, units)
    db.session.flush()
    if before == (routine.department_id, routine.unit_ids):
        return
    status.sync(routine)
    record(
        "routines.scope_changed",
        actor=actor,
        target=routine,
        client_address=client_address,
        before={"department_id": before[0], "unit_ids": before[1]},
        after={"department_id": routine.department_id, "unit_ids": routine.unit_ids},
    )


def current_version(routine: Routine) -> RoutineVersion | None:
    if not routine.is_published:
        return None
    return db.session.scalar(
        select(RoutineVersion).where(
            RoutineVersion.routine_id == routine.id,
            RoutineVersion.number == routine.published_version,
        )
    )


def draft_differs(routine: Routine, version: RoutineVersion | None) -> bool:
    if version is None:
        return True
    return (routine.draft_title, routine.draft_summary, routine.draft_body) != (
        version.title,
        version.summary,
        version.body,
    )


def publish(
    routine: Routine,
    revision: int,
    actor: Person | None,
    *,
    major: bool,
    change_note: str,
    client_address: str | None = None,
) -> RoutineVersion:
    """Publish the draft as a new version; a major one asks everyone to acknowledge again.

    The first version is always major. The draft must be the one the publisher saw (`revision`).
    """
    if revision != routine.draft_revision:
        raise RoutineError("stale")
    _check(Draft(routine.draft_title, routine.draft_summary, routine.draft_body))
    if not routine.draft_body.strip():
        raise RoutineError("body_missing")
    if not change_note.strip():
        raise RoutineError("note_missing")
    previous = current_version(routine)
    if previous is not None and not draft_differs(routine, previous):
        raise RoutineError("unchanged")
    major = major or previous is None
    version = RoutineVersion(
        routine_id=routine.id,
        number=routine.published_version + 1,
        major=major,
        title=routine.draft_title,
        summary=routine.draft_summary,
        body=routine.draft_body,
        summary_html=render_markdown(routine.draft_summary),
        body_html=render_markdown(routine.draft_body),
        change_note=change_note.strip()[:500],
        published_by_id=actor.id if actor else None,
        published_at=utcnow(),
    )
    db.session.add(version)
    routine.published_version = version.number
    if major:
        routine.required_version = version.number
    db.session.flush()
    status.sync(routine)
    if major:
        mails.queue_asks(routine)
    record(
        "routines.published",
        actor=actor,
        target=routine,
        client_address=client_address,
        version=version.number,
        major=major,
        change_note=version.change_note,
    )
    signals.routine_published.send(routine=routine, version=version)
    return version


def acknowledge(routine: Routine, version_id: int, person: Person) -> RoutineAcknowledgement:
    """Record "Jag har läst och förstått rutinen" for the routine's current version.

    Raises `not_applicable` when the routine does not apply to the person (the view answers 404)
    and `old_version` when a newer version has been published since the page was shown.
    """
    if not status.applies_to(routine, person):
        raise RoutineError("not_applicable")
    version = current_version(routine)
    if version is None or version.id != version_id:
        raise RoutineError("old_version")
    ack = RoutineAcknowledgement(
        routine_id=routine.id,
        version_id=version.id,
        version_number=version.number,
        person_id=person.id,
        acknowledged_at=utcnow(),
    )
    db.session.add(ack)
    db.session.flush()
    status.record_acknowledgement(routine, person, version.number)
    return ack


# --- department editors --------------------------------------------------------------------


def add_editor(
    person: Person, department: Department, actor: Person, *, client_address: str | None = None
) -> bool:
    """Make the person an editor of the department's routines; False if they already were."""
    if db.session.get(RoutineEditor, (person.id, department.id)) is not None:
        return False
    db.session.add(
        RoutineEditor(person_id=person.id, department_id=department.id, added_by_id=actor.id)
    )
    db.session.flush()
    record(
        "routines.editor_added",
        actor=actor,
        target=person,
        client_address=client_address,
        department_id=department.id,
    )
    return True


def remove_editor(
    person: Person, department: Department, actor: Person, *, client_address: str | None = None
) -> bool:
    result = db.session.execute(
        delete(RoutineEditor).where(
            RoutineEditor.person_id == person.id, RoutineEditor.department_id == department.id
        )
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    record(
        "routines.editor_removed",
        actor=actor,
        target=person,
        client_address=client_address,
        department_id=department.id,
    )
    return True
