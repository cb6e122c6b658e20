from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.areas.models import CompetenceArea
from learnapp.db import TimestampMixin, UTCDateTime, utcnow
from learnapp.extensions import db

course_area = Table(
    "course_area",
    db.metadata,
    Column("course_id", ForeignKey("course.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("competence_area.id"), primary_key=True, index=True),
)


class Course(TimestampMixin, db.Model):
    """A course as loaded from courses/<slug>/. The folder is the source of truth."""

    __tablename__ = "course"
    __table_args__ = (CheckConstraint("pass_mark BETWEEN 0 AND 1", name="pass_mark"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    pass_mark: Mapped[float] = mapped_column(Float, default=0.8)  # share of the quiz points
    validity_months: Mapped[int] = mapped_column(Integer, default=0)  # 0: never expires
    audience: Mapped[str] = mapped_column(String(300), default="")
    max_attempts: Mapped[int] = mapped_column(Integer, default=0)  # 0: unlimited
    attempt_wait_minutes: Mapped[int] = mapped_column(Integer, default=0)
    # Question pool: an attempt draws this many questions from the bank (0: all of them), per
    # $CATEGORY when draw_per_category is set.
    draw: Mapped[int] = mapped_column(Integer, default=0)
    draw_per_category: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    intro_html: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    # Hash of quiz.gift at the last sync: a sync replaces the questions only when it changed,
    # so a question bank a coordinator imported is not overwritten by an unchanged file.
    quiz_hash: Mapped[str] = mapped_column(String(64), default="")
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The first version published from the browser: from then on `flask courses sync` leaves the
    # course alone ("edited in the browser since version N") unless it is given --force.
    edited_since_version: Mapped[int | None] = mapped_column(Integer)

    # Loaded when read (only the catalogue shows them, and reads them in a statement of its own):
    # loaded with every course they cost every page that opens a course one statement more.
    areas: Mapped[list[CompetenceArea]] = relationship(secondary=course_area)
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course",
        order_by="Lesson.position",
        primaryjoin="and_(Lesson.course_id == Course.id, Lesson.active)",
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug} v{self.version}>"


class CourseVersion(db.Model):
    """One published version of a course, kept for ever: its files as text (course.md, the
    lessons, quiz.gift) and the names of its images, who published it, and why.

    `major` says whether completions of earlier versions were asked to be taken again
    (`retake`); a version loaded by `flask courses sync` is recorded as major, without retake.
    """

    __tablename__ = "course_version"
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    number: Mapped[int] = mapped_column(Integer)
    major: Mapped[bool] = mapped_column(Boolean, default=True)
    retake: Mapped[bool] = mapped_column(Boolean, default=False)
    change_note: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(10), default="folder")  # folder, browser, package
    files: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Lesson(db.Model):
    """A lesson. One removed from the course folder is kept (active=False) so history stays."""

    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    course: Mapped[Course] = relationship(back_populates="lessons")


class LessonProgress(db.Model):
    """A person has viewed a lesson: first and last time."""

    __tablename__ = "lesson_progress"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), primary_key=True, index=True)
    first_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
