"""A course's draft (its folder as text files, edited in the browser) and the course editors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.courses.models import Course
from learnapp.db import UTCDateTime, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person


class CourseDraft(db.Model):
    """The draft of one course: the files of its folder (course.md, NN-slug.md, quiz.gift) as
    text, so that publishing checks it with the same loader as `flask courses sync`.

    `revision` rises with every save; a save made from an older revision is refused (two editors
    on one draft: the second is told). `based_on` is the course version the draft started from.
    """

    __tablename__ = "course_draft"

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True)
    files: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    based_on: Mapped[int] = mapped_column(Integer, default=0)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    course: Mapped[Course] = relationship()
    saved_by: Mapped[Person | None] = relationship()


class CourseEditor(db.Model):
    """A person an administrator lets edit and publish courses (coordinators always may)."""

    __tablename__ = "course_editor"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
