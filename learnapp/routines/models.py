"""A routine (rutin), its published versions, acknowledgements, stored statuses and editors."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.db import TimestampMixin, UTCDateTime, one_of, utcnow
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit

#: The longest body an editor may save (characters of Markdown): a routine is read on a screen.
MAX_BODY = 100_000
MAX_SUMMARY = 4_000


class AckStatus(StrEnum):
    """A person's status on a routine that applies to them. Stored (RoutineStatus)."""

    ACKNOWLEDGED = "acknowledged"  # the current version, or a later minor one of it
    PENDING = "pending"  # never acknowledged, or only a version before the latest major one


class Routine(TimestampMixin, db.Model):
    """A routine for the whole organisation (no department) or for one department.

    The draft (`draft_*`) is what editors work on; publishing copies it into a new
    RoutineVersion. `draft_revision` rises with every save, so a save made from an older
    revision is refused rather than overwriting someone else's. `required_version` is the
    number of the latest *major* version: acknowledging it or anything later counts.
    """

    __tablename__ = "routine"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    template_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    draft_title: Mapped[str] = mapped_column(String(200))
    draft_summary: Mapped[str] = mapped_column(Text, default="")
    draft_body: Mapped[str] = mapped_column(Text, default="")
    draft_revision: Mapped[int] = mapped_column(Integer, default=1)
    draft_saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    draft_saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    published_version: Mapped[int] = mapped_column(Integer, default=0)  # 0: never published
    required_version: Mapped[int] = mapped_column(Integer, default=0)

    department: Mapped[Department | None] = relationship()
    draft_saved_by: Mapped[Person | None] = relationship()
    unit_rows: Mapped[list[RoutineUnit]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_published(self) -> bool:
        return self.published_version > 0

    @property
    def unit_ids(self) -> list[int]:
        return sorted(r.unit_id for r in self.unit_rows)

    def __repr__(self) -> str:
        return f"<Routine {self.id}>"


class RoutineUnit(db.Model):
    """Narrows a department's routine to these units and the units below them."""

    __tablename__ = "routine_unit"

    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, index=True)

    unit: Mapped[Unit] = relationship()


class RoutineVersion(db.Model):
    """One published version, kept for ever: the text as it was, who published it and why."""

    __tablename__ = "routine_version"
    __table_args__ = (UniqueConstraint("routine_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"))
    number: Mapped[int] = mapped_column(Integer)
    major: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    change_note: Mapped[str] = mapped_column(String(500), default="")
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    published_by: Mapped[Person | None] = relationship()


class RoutineAcknowledgement(db.Model):
    """ "Jag har läst och förstått rutinen": a person, a version, a time. The history is kept."""

    __tablename__ = "routine_acknowledgement"
    __table_args__ = (
        Index("ix_routine_acknowledgement_person_routine", "person_id", "routine_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("routine_version.id"))
    version_number: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RoutineStatus(db.Model):
    """The stored status of one person on one published routine that applies to them.

    A row exists exactly while the routine is published and applies to the (active) person;
    `department_id` and `unit_id` copy the person's, so a report is one GROUP BY over this table
    (and the department counts are a trigger-kept rollup, see `rollups.py`).
    """

    __tablename__ = "routine_status"
    __table_args__ = (
        one_of("status", AckStatus),
        Index("ix_routine_status_dept_routine", "department_id", "routine_id", "status"),
        Index("ix_routine_status_unit_routine", "unit_id", "routine_id", "status"),
        Index("ix_routine_status_routine_status", "routine_id", "status"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"), primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    status: Mapped[str] = mapped_column(String(20), default=AckStatus.PENDING)
    acknowledged_version: Mapped[int] = mapped_column(Integer, default=0)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RoutineEditor(db.Model):
    """A person who may edit and publish the routines of one department."""

    __tablename__ = "routine_editor"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id"), primary_key=True, index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    department: Mapped[Department] = relationship()
