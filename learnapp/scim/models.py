"""SCIM provisioning: the directory's bearer tokens, what it sent for each person, its groups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.db import UTCDateTime, one_of, utcnow
from learnapp.extensions import db
from learnapp.org.models import STORED_ROLES


class ScimToken(db.Model):
    """A bearer token for the directory's provisioning service; only its SHA-256 is kept."""

    __tablename__ = "scim_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ScimUser(db.Model):
    """What the directory last sent for a person that learnapp keeps only for SCIM: its own id
    (externalId), the department, unit and manager as it wrote them (so a GET gives back the same
    values and the directory sees nothing to change)."""

    __tablename__ = "scim_user"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    department: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(400))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # As the directory wrote it ("sv-SE", "en-US"); the person's language is what it maps to.
    preferred_language: Mapped[str | None] = mapped_column(String(100))


class ScimGroup(db.Model):
    """A directory group. Its members get `role` (when set: coordinator or admin; managers come
    from the users' `manager` attribute) and, with `key_person`, the key-person flag; both are
    chosen by an admin in the browser."""

    __tablename__ = "scim_group"
    __table_args__ = (one_of("role", STORED_ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    role: Mapped[str | None] = mapped_column(String(20))
    key_person: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScimGroupMember(db.Model):
    __tablename__ = "scim_group_member"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("scim_group.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ScimPending(db.Model):
    """A person the directory created, changed or deactivated whose assignment rules and
    statuses are still to be applied: one `people_changed` for many requests (see `pending`)."""

    __tablename__ = "scim_pending"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
