"""Personal data rights: a person's own data as JSON/CSV, anonymisation, and the retention purge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from learnapp.areas.models import CompetenceArea
from learnapp.audit.models import AuditEvent
from learnapp.audit.services import record
from learnapp.auth.models import LoginFailure, PasswordResetToken
from learnapp.auth.sessions import revoke_all as revoke_sessions
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory, NeedsResponse, NeedsSubmission
from learnapp.org.models import Department, Person, Unit, UnitManager
from learnapp.quizzes.models import Completion, QuizAttempt
from learnapp.spreadsheets import csv_chunks
from learnapp.training.models import Assignment, CourseStatus

PLACEHOLDER_NAME = "Anonymiserad"


class NotDeactivated(ValueError):
    pass


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def personal_data(person: Person) -> dict[str, Any]:
    """Everything stored about the person, in sections of plain rows (one query per section)."""
    unit = db.session.get(Unit, person.unit_id) if person.unit_id else None
    department = db.session.get(Department, unit.department_id) if unit else None
    managed = db.session.scalars(
        select(Unit.name)
        .join(UnitManager, UnitManager.unit_id == Unit.id)
        .where(UnitManager.person_id == person.id)
        .order_by(Unit.name)
    ).all()
    profile = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "department": department.name if department else None,
        "unit": unit.name if unit else None,
        "job_title": person.job_title,
        "is_key_person": person.is_key_person,
        "key_function": person.key_function,
        "work_phone": person.work_phone,
        "roles": sorted(r.value for r in person.roles),
        "managed_units": list(managed),
        "language": person.language,
        "active": person.active,
        "created_at": _value(person.created_at),
        "last_login_at": _value(person.last_login_at),
        "deactivated_at": _value(person.deactivated_at),
    }
    pid = person.id
    return {
        "profile": profile,
        "lesson_progress": _section(
            {
                "course": Course.slug,
                "lesson": Lesson.slug,
                "first_viewed_at": LessonProgress.first_viewed_at,
                "last_viewed_at": LessonProgress.last_viewed_at,
            },
            [
                (Lesson, Lesson.id == LessonProgress.lesson_id),
                (Course, Course.id == Lesson.course_id),
            ],
            LessonProgress.person_id == pid,
            Course.slug,
            Lesson.position,
        ),
        "quiz_attempts": _section(
            {
                "course": Course.slug,
                "course_version": QuizAttempt.course_version,
                "started_at": QuizAttempt.started_at,
                "submitted_at": QuizAttempt.submitted_at,
                "score": QuizAttempt.score,
                "passed": QuizAttempt.passed,
                "answers": QuizAttempt.answers,
            },
            [(Course, Course.id == QuizAttempt.course_id)],
            QuizAttempt.person_id == pid,
            QuizAttempt.started_at,
        ),
        "completions": _section(
            {
                "course": Course.slug,
                "course_version": Completion.course_version,
                "completed_at": Completion.completed_at,
                "expires_at": Completion.expires_at,
                "score": Completion.score,
                "certificate_code": Completion.code,
            },
            [(Course, Course.id == Completion.course_id)],
            Completion.person_id == pid,
            Completion.completed_at,
        ),
        "assignments": _section(
            {
                "course": Course.slug,
                "source": Assignment.source,
                "assigned_at": Assignment.assigned_at,
                "due_on": Assignment.due_on,
                "mandatory": Assignment.mandatory,
                "withdrawn_at": Assignment.withdrawn_at,
            },
            [(Course, Course.id == Assignment.course_id)],
            Assignment.person_id == pid,
            Assignment.assigned_at,
        ),
        "course_statuses": _section(
            {
                "course": Course.slug,
                "status": CourseStatus.status,
                "assigned": CourseStatus.assigned,
                "mandatory": CourseStatus.mandatory,
                "due_on": CourseStatus.due_on,
                "lessons_read": CourseStatus.lessons_read,
                "lessons_total": CourseStatus.lessons_total,
                "started_at": CourseStatus.started_at,
                "completed_at": CourseStatus.completed_at,
                "expires_at": CourseStatus.expires_at,
                "score": CourseStatus.score,
            },
            [(Course, Course.id == CourseStatus.course_id)],
            CourseStatus.person_id == pid,
            Course.slug,
        ),
        "inventory_answers": _section(
            {
                "inventory": NeedsInventory.title,
                "area": CompetenceArea.code,
                "knowledge": NeedsResponse.knowledge,
                "need": NeedsResponse.need,
                "comment": NeedsResponse.comment,
                "entered_by_manager": NeedsResponse.entered_by_manager,
                "submitted_at": NeedsResponse.submitted_at,
            },
            [
                (NeedsInventory, NeedsInventory.id == NeedsResponse.inventory_id),
                (CompetenceArea, CompetenceArea.id == NeedsResponse.area_id),
            ],
            NeedsResponse.person_id == pid,
            NeedsInventory.id,
            CompetenceArea.position,
        ),
        "inventory_submissions": _section(
            {
                "inventory": NeedsInventory.title,
                "other_needs": NeedsSubmission.other_needs,
                "submitted_at": NeedsSubmission.submitted_at,
            },
            [(NeedsInventory, NeedsInventory.id == NeedsSubmission.inventory_id)],
            NeedsSubmission.person_id == pid,
            NeedsInventory.id,
        ),
    }


def _section(
    columns: dict[str, Any], joins: list[tuple[Any, Any]], where: Any, *order_by: Any
) -> list[dict[str, Any]]:
    """One section of the export: the named columns of the person's rows, one query."""
    stmt = select(*columns.values())
    for target, on in joins:
        stmt = stmt.join(target, on)
    rows = db.session.execute(stmt.where(where).order_by(*order_by))
    return [{name: _value(v) for name, v in zip(columns, row, strict=True)} for row in rows]


def personal_data_csv(data: dict[str, Any]) -> Iterator[str]:
    """The same data as one CSV in long form: section; row; field; value."""

    def rows() -> Iterator[list[Any]]:
        for field, value in data["profile"].items():
            yield ["profile", 1, field, _flat(value)]
        for section, items in data.items():
            if section == "profile":
                continue
            for n, item in enumerate(items, start=1):
                for field, value in item.items():
                    yield [section, n, field, _flat(value)]

    return csv_chunks(["section", "row", "field", "value"], rows())


def _flat(value: Any) -> Any:
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def anonymise(person: Person, actor: Person | None, **details: Any) -> None:
    """Remove the identity of a deactivated person; keep the rows that reports count.

    Irreversible: name, e-mail, employee number, password, job title and key function go; free
    text they wrote in inventories is emptied; sign-in traces and reset tokens are deleted; the
    e-mail in their failed sign-in audit events is removed. Unit, key-person flag, progress,
    attempts, completions and statuses stay, so the numbers in reports do not change.
    """
    if person.active:
        raise NotDeactivated
    old_email = person.email
    person.name = PLACEHOLDER_NAME
    person.email = f"anonymised-{person.id}@invalid"
    person.employee_number = None
    person.password_hash = None
    person.job_title = ""
    person.key_function = ""
    person.work_phone = None
    person.set_roles(set())
    person.anonymised_at = utcnow()
    person.session_version += 1
    revoke_sessions(person)
    db.session.execute(delete(UnitManager).where(UnitManager.person_id == person.id))
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.person_id == person.id))
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == old_email))
    db.session.execute(
        update(NeedsResponse)
        .where(NeedsResponse.person_id == person.id)
        .values(comment="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(NeedsSubmission)
        .where(NeedsSubmission.person_id == person.id)
        .values(other_needs="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.target_type == "person",
            AuditEvent.target_id == person.id,
            AuditEvent.action.startswith("auth."),
        )
        .values(details={})
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    record("person.anonymised", actor=actor, target=person, **details)


def due_for_purge(months: int) -> list[Person]:
    """Deactivated, not yet anonymised people whose deactivation is older than `months`."""
    cutoff = utcnow() - timedelta(days=round(months * 30.44))
    return list(
        db.session.scalars(
            select(Person)
            .where(
                Person.active.is_(False),
                Person.anonymised_at.is_(None),
                Person.deactivated_at.is_not(None),
                Person.deactivated_at < cutoff,
            )
            .order_by(Person.id)
        )
    )
