"""Quiz questions (stored as GIFT), attempts, and completions (the certificate is a completion)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.courses.models import Course
from learnapp.db import TimestampMixin, UTCDateTime, utcnow
from learnapp.extensions import db


class QuizQuestion(TimestampMixin, db.Model):
    """One question of a course's quiz, kept as its GIFT text (round-trip safe with the writer).

    `active=False` keeps a question that was replaced, so old attempts can still be shown.
    `source` is "folder" (from quiz.gift by `flask courses sync`) or "import" (a coordinator's
    upload of a question bank).
    """

    __tablename__ = "quiz_question"
    __table_args__ = (Index("ix_quiz_question_course_active", "course_id", "active", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))  # gift.QuestionType
    title: Mapped[str | None] = mapped_column(String(300))
    gift: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="folder")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    course: Mapped[Course] = relationship()


class QuizAttempt(db.Model):
    """One attempt at a course's quiz. Scored on the server only, once.

    `layout` holds what the person was shown, in order: a list of
    {"question": id, "order": [answer indices as shown]}; `answers` what they sent, keyed by
    question id; `results` per question id: {"score": 0..1, "feedback": [...]}.
    """

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        Index("ix_quiz_attempt_person_course", "person_id", "course_id"),
        # One open attempt per person and course: two tabs starting at once get the same one.
        Index(
            "uq_quiz_attempt_open",
            "person_id",
            "course_id",
            unique=True,
            postgresql_where=text("submitted_at IS NULL AND abandoned_at IS NULL"),
            sqlite_where=text("submitted_at IS NULL AND abandoned_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    course_version: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)  # points / max_points, 0..1
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # Set on an unsubmitted attempt that may no longer be submitted (the quiz changed, or a limit
    # forbids it): it is kept, never scored, and no longer counts as the open attempt.
    abandoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None and self.abandoned_at is None


class Completion(db.Model):
    """A person completed a course version: all lessons read and the quiz passed.

    The history is kept; the newest completion that has not expired counts. `code` is the
    certificate's verification code (shown on the certificate, checked on the public page).
    """

    __tablename__ = "completion"
    __table_args__ = (
        Index("ix_completion_person_course", "person_id", "course_id", "completed_at"),
        Index("ix_completion_course_completed", "course_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    course_version: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None] = mapped_column(Float)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id"))
    code: Mapped[str] = mapped_column(String(32), unique=True)

    course: Mapped[Course] = relationship()
