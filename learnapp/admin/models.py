"""An uploaded HR file waiting between the dry run and the confirm button."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.db import UTCDateTime, utcnow
from learnapp.extensions import db


class PendingImport(db.Model):
    """The bytes of an uploaded HR file, kept in the database (not the session, not a local
    disk) so that the confirm step works on any worker. Only the uploader can apply it, by its
    random token; it is deleted when applied and purged when old."""

    __tablename__ = "pending_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    create_units: Mapped[bool] = mapped_column(Boolean, default=False)
    deactivate_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)
