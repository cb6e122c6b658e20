from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from learnapp.db import TimestampMixin, UTCDateTime, one_of, utcnow
from learnapp.extensions import db

if TYPE_CHECKING:
    from learnapp.areas.models import CompetenceArea
    from learnapp.org.models import Department, Person


class InventoryScope(StrEnum):
    """Who an inventory asks."""

    KEY_PERSONS = "key_persons"  # nyckelpersoner
    EVERYONE = "everyone"
    DEPARTMENTS = "departments"  # everyone in the chosen förvaltningar


class InventoryState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Need(StrEnum):
    """The training need a person reports for an area."""

    NONE = "none"
    SOME = "some"
    GREAT = "great"


KNOWLEDGE_LEVELS = (1, 2, 3, 4)  # 1 no knowledge … 4 good knowledge
COMMENT_MAX = 2000
OTHER_NEEDS_MAX = 4000


class InventoryStateError(Exception):
    """An inventory was asked to do something its state does not allow."""


inventory_department = Table(
    "needs_inventory_department",
    db.metadata,
    Column("inventory_id", ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id"), primary_key=True, index=True),
)


inventory_area = Table(
    "needs_inventory_area",
    db.metadata,
    Column("inventory_id", ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("competence_area.id"), primary_key=True, index=True),
)


class InventoryPerson(db.Model):
    """A person the inventory asks, fixed when it opens (so the response rate's denominator does
    not move when HR adds people); latecomers are added by an explicit action (`added_at`)."""

    __tablename__ = "needs_inventory_person"

    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NeedsInventory(TimestampMixin, db.Model):  # inventering av utbildningsbehov
    """An inventory of training needs. Its state moves draft → open → closed; a closed one can
    be reopened (audited), never made a draft again."""

    __tablename__ = "needs_inventory"
    __table_args__ = (one_of("scope", InventoryScope), one_of("state", InventoryState))

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(20), default=InventoryScope.KEY_PERSONS.value)
    # With the "departments" scope: only the key persons there.
    key_persons_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default=InventoryState.DRAFT.value, index=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("needs_inventory.id"))

    departments: Mapped[list[Department]] = relationship(
        secondary=inventory_department, lazy="selectin", order_by="Department.name"
    )
    areas: Mapped[list[CompetenceArea]] = relationship(
        secondary=inventory_area, lazy="selectin", order_by="CompetenceArea.position"
    )
    created_by: Mapped[Person | None] = relationship()
    copied_from: Mapped[NeedsInventory | None] = relationship(remote_side=[id])

    @property
    def is_draft(self) -> bool:
        return self.state == InventoryState.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == InventoryState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == InventoryState.CLOSED

    def ensure_editable(self) -> None:
        if not self.is_draft:
            raise InventoryStateError("only a draft inventory can be edited")

    def open(self, now: datetime) -> None:
        if not self.is_draft:
            raise InventoryStateError("only a draft inventory can be opened")
        if self.scope == InventoryScope.DEPARTMENTS and not self.departments:
            raise InventoryStateError("choose at least one department before opening")
        self.state = InventoryState.OPEN.value
        self.opened_at = now

    def close(self, now: datetime) -> None:
        if not self.is_open:
            raise InventoryStateError("only an open inventory can be closed")
        self.state = InventoryState.CLOSED.value
        self.closed_at = now

    def reopen(self) -> None:
        if not self.is_closed:
            raise InventoryStateError("only a closed inventory can be reopened")
        self.state = InventoryState.OPEN.value
        self.closed_at = None

    def __repr__(self) -> str:
        return f"<NeedsInventory {self.id} {self.state}>"


class NeedsSubmission(db.Model):
    """One person's answer to an inventory as a whole: the open question and when it was sent.

    `version` goes up by one with every save. A form carries the version it was opened at, and
    a save from a form opened before someone else's save is refused (see `save_answers`).
    """

    __tablename__ = "needs_submission"
    __table_args__ = (UniqueConstraint("inventory_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    other_needs: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    entered_by_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class NeedsResponse(db.Model):
    """A person's knowledge and training need in one competence area, in one inventory."""

    __tablename__ = "needs_response"
    __table_args__ = (
        UniqueConstraint("inventory_id", "person_id", "area_id"),
        Index("ix_needs_response_inventory_area", "inventory_id", "area_id"),
        CheckConstraint("knowledge BETWEEN 1 AND 4", name="knowledge"),
        one_of("need", Need),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("competence_area.id"))
    knowledge: Mapped[int | None] = mapped_column(Integer)  # 1..4
    need: Mapped[str | None] = mapped_column(String(10))  # Need
    comment: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    entered_by_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
