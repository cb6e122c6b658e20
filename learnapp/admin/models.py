"""An uploaded HR file: waiting between the dry run and the confirm button, then an import job."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.db import UTCDateTime, utcnow
from learnapp.extensions import db


class JobState(StrEnum):
    CHECKED = "checked"  # the dry run was shown; waits for the confirm button
    QUEUED = "queued"  # confirmed; waits for a runner
    RUNNING = "running"
    DONE = "done"  # applied: `result` holds the counts, the file's bytes are gone
    FAILED = "failed"  # nothing was written: `result` says why


class PendingImport(db.Model):
    """The bytes of an uploaded HR file, kept in the database (not the session, not a local
    disk) so that the confirm step works on any worker. Only the uploader can apply it, by its
    random token. Once confirmed it is an import job (`state`), run in the request or, for a
    large file, beside it (`learnapp.admin.import_jobs`); it is purged when old."""

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
    rows: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    state: Mapped[str] = mapped_column(
        String(10), default=JobState.CHECKED.value, server_default=JobState.CHECKED.value
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Raised by each runner that claims the job: only the latest claim may record the outcome.
    attempt: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
