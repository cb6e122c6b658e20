"""Question-bank import and export (coordinators): check a file, then replace or extend the quiz.

The checked text travels from the preview to the confirmation in a hidden field with an HMAC of
the course and the text, so what is saved is exactly what was previewed; it is parsed again on
confirmation and nothing is saved from a file with any error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from learnapp.audit.services import record
from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.gift.model import Question
from learnapp.gift.parse import parse_gift
from learnapp.gift.write import to_gift
from learnapp.org.models import Person
from learnapp.quizzes.bank import active_questions, parsed, store_questions
from learnapp.quizzes.messages import gift_message
from learnapp.quizzes.models import QuizQuestion
from learnapp.swedish import in_swedish_order

MAX_BYTES = 512 * 1024


@dataclass
class CheckedFile:
    """A GIFT text read for import: its questions, or the problems (line, message)."""

    text: str = ""
    questions: tuple[Question, ...] = ()
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.questions)


def read_upload(data: bytes) -> CheckedFile:
    """Bytes of an uploaded file: size and encoding checked, then the GIFT text."""
    if len(data) > MAX_BYTES:
        return CheckedFile(errors=[(None, _("The file is larger than 512 kB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CheckedFile(
            errors=[(None, _("The file is not UTF-8 text. Save it as UTF-8 and upload it again."))]
        )
    return check_text(text)


def check_text(text: str) -> CheckedFile:
    """Parse GIFT text for import: every problem by line; ungradable questions are refused."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result = parse_gift(text)
    errors: list[tuple[int | None, str]] = [
        (issue.line, gift_message(issue)) for issue in result.errors
    ]
    for question in result.questions:
        if not question.gradable:
            errors.append(
                (
                    question.line,
                    _("Essay and description questions cannot be scored in a quiz."),
                )
            )
    if not result.questions and not errors:
        errors.append((None, _("The file has no questions.")))
    errors.sort(key=lambda error: error[0] or 0)
    return CheckedFile(text=text, questions=result.questions, errors=errors)


def _mac(course: Course, text: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"gift-import\n{course.id}\n{text}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def seal(course: Course, checked: CheckedFile) -> tuple[str, str]:
    """The hidden fields that carry a previewed text to the confirmation."""
    encoded = base64.urlsafe_b64encode(checked.text.encode()).decode("ascii")
    return encoded, _mac(course, checked.text)


def unseal(course: Course, encoded: str, digest: str) -> CheckedFile | None:
    """The previewed text checked again, or None if the hidden fields were altered."""
    if len(encoded) > MAX_BYTES * 2:
        return None
    try:
        text = base64.urlsafe_b64decode(encoded.encode("ascii")).decode()
    except (ValueError, binascii.Error, UnicodeError):
        return None
    if not hmac.compare_digest(_mac(course, text), digest):
        return None
    return check_text(text)


def import_questions(
    course: Course, checked: CheckedFile, *, replace: bool, actor: Person
) -> list[QuizQuestion]:
    """Store the questions of a checked file; audit the import."""
    if not checked.ok:
        raise ValueError("only a file without errors can be imported")
    rows = store_questions(course, checked.questions, source="import", replace=replace)
    record(
        "quiz.import",
        actor=actor,
        target=course,
        mode="replace" if replace else "extend",
        questions=len(rows),
    )
    return rows


def export_text(course: Course, *, actor: Person) -> str:
    """The course's current quiz as GIFT (reads back to equal questions); audit the export."""
    questions = [parsed(row) for row in active_questions(course)]
    record("quiz.export", actor=actor, target=course, questions=len(questions))
    return to_gift(questions)


def bank_overview() -> list[tuple[Course, int]]:
    """Every course with the number of active questions in its quiz (one query)."""
    count = (
        select(func.count(QuizQuestion.id))
        .where(QuizQuestion.course_id == Course.id, QuizQuestion.active.is_(True))
        .scalar_subquery()
    )
    rows = db.session.execute(select(Course, count).order_by(in_swedish_order(Course.title))).all()
    return [(course, int(questions)) for course, questions in rows]
