"""Assignment rules, assignments, the stored status of each person on each course, reminders."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.courses.models import Course
from learnapp.db import TimestampMixin, UTCDateTime, one_of, utcnow
from learnapp.extensions import db
from learnapp.org.models import Role
from learnapp.statuses import Status  # the vocabulary, below the features; named here too


class RuleScope(StrEnum):
    """Who an assignment rule reaches."""

    EVERYONE = "everyone"
    DEPARTMENT = "department"  # everyone in a förvaltning
    UNIT = "unit"  # a unit and every unit below it
    KEY_PERSONS = "key_persons"  # key persons, optionally within one department
    ROLE = "role"  # people holding a role (manager, coordinator, admin)


class AssignmentRule(TimestampMixin, db.Model):
    """Course × scope × due in N days × mandatory. Reaches people who join or move later too.

    Removing a rule sets `removed_at`: its not-started assignments are withdrawn, history stays.
    """

    __tablename__ = "assignment_rule"
    __table_args__ = (
        one_of("scope", RuleScope),
        one_of("role", Role),
        CheckConstraint("due_days >= 0", name="due_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20))  # RuleScope
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    role: Mapped[str | None] = mapped_column(String(20))
    due_days: Mapped[int] = mapped_column(Integer, default=30)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    # A recommended course's rule may assign without mailing; mandatory assignments always mail.
    notify: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()


class Assignment(db.Model):
    """A course assigned to a person, by a rule or by someone (`assigned_by_id`)."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index("ix_assignment_person_course", "person_id", "course_id"),
        Index("ix_assignment_rule", "rule_id"),
        # The rules page counts each rule's active assignments: an index-only scan of these.
        Index(
            "ix_assignment_rule_active",
            "rule_id",
            postgresql_where=text("withdrawn_at IS NULL"),
            sqlite_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("assignment_rule.id"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    source: Mapped[str] = mapped_column(String(20), default="rule")  # rule, manual, needs
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_on: Mapped[date | None] = mapped_column(Date)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    rule: Mapped[AssignmentRule | None] = relationship()


class CourseStatus(db.Model):
    """The stored status of one person on one course; reports aggregate over these rows.

    A row exists once a person is assigned a course or opens it. `unit_id`, `department_id`
    and `is_key_person` copy the person's, so a report is one GROUP BY over one table; they are
    updated when the person moves. `due_on` and `mandatory` summarise the active assignments
    (earliest due date; mandatory if any is).
    """

    __tablename__ = "course_status"
    __table_args__ = (
        one_of("status", Status),
        Index("ix_course_status_dept_course", "department_id", "course_id", "status"),
        Index("ix_course_status_unit_course", "unit_id", "course_id", "status"),
        Index("ix_course_status_course_status", "course_id", "status"),
        # Whether a person has an overdue course, index-only (migration 0025): the unit reminder
        # page asks it of every active person below the unit. Queries state the status as a
        # literal (`literal_execute`): PostgreSQL's generic plan of a prepared statement (psycopg
        # prepares a query after five runs) cannot use it for a bound status.
        Index(
            "ix_course_status_overdue",
            "person_id",
            postgresql_where=text("status = 'overdue'"),
            sqlite_where=text("status = 'overdue'"),
        ),
        # The overdue statuses below a unit, index-only (migration 0026): the unit reminder page
        # counts and lists its people from them, unit by unit.
        Index(
            "ix_course_status_overdue_unit",
            "unit_id",
            "person_id",
            postgresql_where=text("status = 'overdue'"),
            sqlite_where=text("status = 'overdue'"),
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.NOT_ASSIGNED)
    assigned: Mapped[bool] = mapped_column(Boolean, default=False)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    is_key_person: Mapped[bool] = mapped_column(Boolean, default=False)
    lessons_read: Mapped[int] = mapped_column(Integer, default=0)
    lessons_total: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course: Mapped[Course] = relationship()


class ReminderSent(db.Model):
    """A reminder e-mail that went out: to a person for an assignment, or a manager's summary."""

    __tablename__ = "reminder_sent"
    __table_args__ = (Index("ix_reminder_sent_person_kind", "person_id", "kind", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # due, overdue, manager_summary
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
