"""Taking a quiz: who may start, attempts scored on the server once, completion and expiry."""

from __future__ import annotations

import calendar
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import defer, joinedload

from learnapp import signals
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.db import dialect_insert, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.quizzes import scoring
from learnapp.quizzes.attempts import make_layout, shown_questions
from learnapp.quizzes.bank import active_questions, parsed
from learnapp.quizzes.models import Completion, QuizAttempt, QuizQuestion

PASS_TOLERANCE = 1e-9
# Certificate codes: 16 characters from an alphabet without look-alikes (80 bits of chance).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 characters: see new_code
CODE_LENGTH = 16
ATTEMPT_CONTENTS = (
    defer(QuizAttempt.layout),
    defer(QuizAttempt.answers),
    defer(QuizAttempt.results),
)
OPEN_ATTEMPT = and_(QuizAttempt.submitted_at.is_(None), QuizAttempt.abandoned_at.is_(None))


class QuizClosed(Exception):
    """The quiz cannot be started now; `reason` says why (see QuizStatus.reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AttemptClosed(Exception):
    """The attempt was already submitted: it is never scored twice."""


class AttemptOutdated(Exception):
    """The course version or its questions changed after the attempt started."""


@dataclass
class QuizStatus:
    """Everything the quiz page and the course panel show for one person and course.

    `reason` is None when a new attempt may start, else one of: "no_questions",
    "lessons_left", "completed" (a valid completion exists), "no_attempts_left", "wait".
    """

    course: Course
    lessons_left: list[Lesson]
    question_count: int
    attempts: list[QuizAttempt]  # newest first, every version
    open_attempt: QuizAttempt | None
    completion: Completion | None  # the newest
    completion_valid: bool
    attempts_used: int  # submitted attempts in this round (this version, since the last completion)
    next_allowed_at: datetime | None
    reason: str | None = field(default=None)

    @property
    def attempts_left(self) -> int | None:
        if not self.course.max_attempts:
            return None
        return max(self.course.max_attempts - self.attempts_used, 0)

    @property
    def expired(self) -> bool:
        return self.completion is not None and not self.completion_valid


# --- reading ----------------------------------------------------------------------------------


def lessons_left(person: Person, course: Course) -> list[Lesson]:
    """The course's active lessons the person has not opened, in order."""
    read = exists().where(
        LessonProgress.person_id == person.id, LessonProgress.lesson_id == Lesson.id
    )
    return list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.course_id == course.id, Lesson.active.is_(True), ~read)
            .order_by(Lesson.position)
        )
    )


def is_valid(completion: Completion, now: datetime | None = None) -> bool:
    return completion.expires_at is None or completion.expires_at > (now or utcnow())


def latest_completion(person: Person, course: Course) -> Completion | None:
    return latest_completion_of(person.id, course.id)


def latest_completion_of(person_id: int, course_id: int) -> Completion | None:
    return db.session.scalars(
        select(Completion)
        .where(Completion.person_id == person_id, Completion.course_id == course_id)
        .order_by(Completion.completed_at.desc(), Completion.id.desc())
        .limit(1)
    ).first()


def person_completions(person: Person) -> list[Completion]:
    """Every completion of the person, newest first, with its course (one query)."""
    return list(
        db.session.scalars(
            select(Completion)
            .options(joinedload(Completion.course))
            .where(Completion.person_id == person.id)
            .order_by(Completion.completed_at.desc(), Completion.id.desc())
        )
    )


def is_outdated(attempt: QuizAttempt, course: Course) -> bool:
    """True when the course version or its active questions changed since the attempt began."""
    if attempt.course_version != course.version:
        return True
    ids = {entry["question"] for entry in attempt.layout}
    if not ids:
        return True
    active = db.session.scalar(
        select(func.count(QuizQuestion.id)).where(
            QuizQuestion.id.in_(ids), QuizQuestion.active.is_(True)
        )
    )
    return active != len(ids)


def quiz_status(person: Person, course: Course, now: datetime | None = None) -> QuizStatus:
    now = now or utcnow()
    attempts = list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.person_id == person.id, QuizAttempt.course_id == course.id)
            .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
            # What was shown, sent and scored is read for one attempt at most (the open one's
            # layout, in is_outdated): not decoded from JSON for every attempt in the list.
            .options(*ATTEMPT_CONTENTS)
        )
    )
    completion = latest_completion(person, course)
    since = completion.completed_at if completion is not None else None
    this_round = [a for a in attempts if since is None or a.started_at > since]
    submitted = [a for a in this_round if a.submitted_at is not None]
    used = sum(1 for a in submitted if a.course_version == course.version)
    open_attempt = next((a for a in this_round if a.is_open and not is_outdated(a, course)), None)
    next_allowed = None
    if submitted and course.attempt_wait_minutes:
        last = max(a.submitted_at for a in submitted if a.submitted_at is not None)
        next_allowed = last + timedelta(minutes=course.attempt_wait_minutes)
    status = QuizStatus(
        course=course,
        lessons_left=lessons_left(person, course),
        question_count=_shown_count(
            course,
            db.session.scalar(
                select(func.count(QuizQuestion.id)).where(
                    QuizQuestion.course_id == course.id, QuizQuestion.active.is_(True)
                )
            )
            or 0,
        ),
        attempts=attempts,
        open_attempt=open_attempt,
        completion=completion,
        completion_valid=completion is not None and is_valid(completion, now),
        attempts_used=used,
        next_allowed_at=next_allowed if next_allowed and next_allowed > now else None,
    )
    status.reason = _closed_reason(status)
    return status


def _shown_count(course: Course, bank: int) -> int:
    """How many questions an attempt has: the bank, or the number drawn from it."""
    if course.draw and not course.draw_per_category:
        return min(course.draw, bank)
    return bank


def _closed_reason(status: QuizStatus) -> str | None:
    if status.completion_valid:
        return "completed"
    if status.question_count == 0:
        return "no_questions"
    if status.lessons_left:
        return "lessons_left"
    if status.attempts_left == 0:
        return "no_attempts_left"
    if status.next_allowed_at is not None:
        return "wait"
    return None


# --- changing ---------------------------------------------------------------------------------


def start_attempt(
    person: Person, course: Course, *, now: datetime | None = None, rng: random.Random | None = None
) -> QuizAttempt:
    """The person's open attempt, or a new one with a freshly shuffled layout.

    The database holds at most one open attempt per person and course (a partial unique index):
    of two tabs starting at once, one inserts and the other gets that attempt. Raises QuizClosed
    when no attempt may start.
    """
    now = now or utcnow()
    status = quiz_status(person, course, now)
    if status.open_attempt is not None and status.reason != "completed":
        return status.open_attempt
    if status.reason is not None:
        raise QuizClosed(status.reason)
    rng = rng or random.SystemRandom()
    layout = make_layout(drawn(course, active_questions(course), rng), rng)
    if not layout:
        raise QuizClosed("no_questions")
    # Open attempts that can no longer be submitted (the quiz changed, or they are from before
    # the last completion) are abandoned; only these, never one another tab has just started.
    stale = [a.id for a in status.attempts if a.is_open]
    if stale:
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id.in_(stale), QuizAttempt.submitted_at.is_(None))
            .values(abandoned_at=now)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        dialect_insert(db.session, QuizAttempt)
        .values(
            person_id=person.id,
            course_id=course.id,
            course_version=course.version,
            started_at=now,
            layout=layout,
            answers={},
            results={},
        )
        .on_conflict_do_nothing(
            index_elements=["person_id", "course_id"],
            index_where=OPEN_ATTEMPT,
        )
    )
    return db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person.id, QuizAttempt.course_id == course.id, OPEN_ATTEMPT)
        .execution_options(populate_existing=True)
    ).one()


def drawn(course: Course, rows: list[QuizQuestion], rng: random.Random) -> list[QuizQuestion]:
    """The questions of one attempt: all, or `course.draw` of them at random (per category with
    `draw_per_category`). The attempt's layout records which; scoring uses exactly those."""
    if not course.draw:
        return rows
    if not course.draw_per_category:
        return rng.sample(rows, min(course.draw, len(rows)))
    groups: dict[str, list[QuizQuestion]] = {}
    for row in rows:
        groups.setdefault(parsed(row).category or "", []).append(row)
    picked: list[QuizQuestion] = []
    for _category, group in sorted(groups.items()):
        picked += rng.sample(group, min(course.draw, len(group)))
    return picked


def limit_reason(attempt: QuizAttempt, course: Course) -> str | None:
    """Why the attempt may not be scored under the course's limits, counted now, or None.

    The limits are checked when an attempt starts; this checks them again at submit, against
    every other attempt submitted in the meantime: "no_attempts_left" or "wait".
    """
    if not course.max_attempts and not course.attempt_wait_minutes:
        return None
    completion = latest_completion_of(attempt.person_id, course.id)
    others = select(QuizAttempt).where(
        QuizAttempt.person_id == attempt.person_id,
        QuizAttempt.course_id == course.id,
        QuizAttempt.id != attempt.id,
        QuizAttempt.submitted_at.is_not(None),
    )
    if completion is not None:
        others = others.where(QuizAttempt.started_at > completion.completed_at)
    submitted = list(db.session.scalars(others))
    used = sum(1 for a in submitted if a.course_version == course.version)
    if course.max_attempts and used >= course.max_attempts:
        return "no_attempts_left"
    if course.attempt_wait_minutes and submitted:
        last = max(a.submitted_at for a in submitted if a.submitted_at is not None)
        if last + timedelta(minutes=course.attempt_wait_minutes) > attempt.started_at:
            return "wait"
    return None


def submit_attempt(
    attempt: QuizAttempt, person: Person, responses: dict[str, Any], *, now: datetime | None = None
) -> Completion | None:
    """Score the attempt once, on the server; complete the course when due.

    `responses` come from attempts.read_responses (checked against the layout). Raises
    AttemptClosed for a second submit (also when two arrive at once) and AttemptOutdated when
    the course changed under the attempt, QuizClosed (the attempt discarded) when the limits,
    counted again now, do not allow it. Returns the new completion, if any.
    """
    now = now or utcnow()
    course = attempt.course
    if attempt.submitted_at is not None:
        raise AttemptClosed
    if attempt.abandoned_at is not None or is_outdated(attempt, course):
        raise AttemptOutdated
    reason = limit_reason(attempt, course)
    if reason is not None:
        # Started past a limit (e.g. the limit was lowered meanwhile): it is never scored.
        attempt.abandoned_at = now
        db.session.flush()
        raise QuizClosed(reason)
    # Claim the attempt in the database: of two submits racing, only one changes the row.
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, OPEN_ATTEMPT)
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AttemptClosed
    results: dict[str, Any] = {}
    points = 0.0
    for item in shown_questions(attempt):
        key = str(item.row.id)
        response = responses.get(key)
        credit = scoring.score(item.question, response)
        results[key] = {
            "score": credit,
            "feedback": list(scoring.feedback_for(item.question, response)),
        }
        points += credit
    attempt.submitted_at = now
    attempt.answers = {key: responses[key] for key in results if key in responses}
    attempt.results = results
    attempt.points = points
    attempt.max_points = float(len(results))
    attempt.score = points / len(results) if results else 0.0
    attempt.passed = attempt.score >= course.pass_mark - PASS_TOLERANCE
    db.session.flush()
    signals.quiz_submitted.send(person=person, course=course, attempt=attempt)
    return complete_if_due(person, course, attempt, now=now) if attempt.passed else None


def complete_if_due(
    person: Person, course: Course, attempt: QuizAttempt, *, now: datetime | None = None
) -> Completion | None:
    """Record a completion when every lesson is read and the attempt passed, unless one is valid."""
    now = now or utcnow()
    if not attempt.passed or attempt.course_version != course.version:
        return None
    if lessons_left(person, course):
        return None
    latest = latest_completion(person, course)
    if latest is not None and is_valid(latest, now):
        return None
    return record_completion(person, course, now=now, score=attempt.score, attempt=attempt)


def record_completion(
    person: Person,
    course: Course,
    *,
    now: datetime,
    score: float | None,
    attempt: QuizAttempt | None = None,
) -> Completion:
    """Store a completion of the course's current version (expiry, certificate code) and announce it.

    `complete_if_due` checks the rules first; the demo data calls this directly.
    """
    completion = Completion(
        person_id=person.id,
        course_id=course.id,
        course_version=course.version,
        completed_at=now,
        expires_at=add_months(now, course.validity_months) if course.validity_months else None,
        score=score,
        attempt_id=attempt.id if attempt else None,
        code=new_code(),
    )
    db.session.add(completion)
    db.session.flush()
    signals.course_completed.send(person=person, course=course, completion=completion)
    return completion


@signals.lesson_viewed.connect
def _on_lesson_viewed(
    _sender: Any, *, person: Person, lesson: Lesson, first_time: bool, **_: Any
) -> None:
    """Reading the last lesson after passing the quiz (lessons added later) completes too."""
    if not first_time:
        return
    course = db.session.get(Course, lesson.course_id)
    if course is None:
        return
    completion = latest_completion(person, course)
    passed = db.session.scalars(
        select(QuizAttempt)
        .where(
            QuizAttempt.person_id == person.id,
            QuizAttempt.course_id == course.id,
            QuizAttempt.course_version == course.version,
            QuizAttempt.passed.is_(True),
        )
        .order_by(QuizAttempt.submitted_at.desc())
        .limit(1)
    ).first()
    if passed is None or passed.submitted_at is None:
        return
    if completion is not None and completion.completed_at >= passed.submitted_at:
        return
    complete_if_due(person, course, passed)


# --- certificates -----------------------------------------------------------------------------


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day when that day is missing)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def new_code() -> str:
    """A random certificate code: 16 characters of 32 (80 bits), from one read of the system's
    random source (a byte's low five bits pick a character; 32 divides 256, so without bias)."""
    return "".join(CODE_ALPHABET[byte % 32] for byte in secrets.token_bytes(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A code as typed ("abcd-efgh …") without separators, or "" when it cannot be a code."""
    code = "".join(char for char in text if char.isalnum())
    if not code.isascii() or not 8 <= len(code) <= 32:
        return ""
    return code


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def find_completion(code: str) -> Completion | None:
    """The completion with this code, typed in any letter case and with any separators."""
    code = normalise_code(code)
    if not code:
        return None
    return db.session.scalars(
        select(Completion).where(Completion.code.in_({code, code.upper(), code.lower()}))
    ).first()
