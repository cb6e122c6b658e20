"""What the training feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from sqlalchemy import select

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.personal_data import EXPORTED, Section, rows, value
from learnapp.training.models import Assignment, CourseStatus, ReminderSent

_ACTOR = "who did it; names no one once that person is anonymised"


def _assignments(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "course": Course.slug,
            "source": Assignment.source,
            "assigned_at": Assignment.assigned_at,
            "due_on": Assignment.due_on,
            "mandatory": Assignment.mandatory,
            "withdrawn_at": Assignment.withdrawn_at,
        },
        [(Course, Course.id == Assignment.course_id)],
        Assignment.person_id == person_id,
        Assignment.assigned_at,
    )


def _statuses(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "course": Course.slug,
            "status": CourseStatus.status,
            "assigned": CourseStatus.assigned,
            "mandatory": CourseStatus.mandatory,
            "due_on": CourseStatus.due_on,
            "lessons_read": CourseStatus.lessons_read,
            "lessons_total": CourseStatus.lessons_total,
            "started_at": CourseStatus.started_at,
            "completed_at": CourseStatus.completed_at,
            "expires_at": CourseStatus.expires_at,
            "score": CourseStatus.score,
        },
        [(Course, Course.id == CourseStatus.course_id)],
        CourseStatus.person_id == person_id,
        Course.slug,
    )


def _reminders(person_id: int) -> list[dict[str, object]]:
    """The reminder e-mails sent to the person (and, for a manager, the weekly summaries,
    which name no course)."""
    result = db.session.execute(
        select(ReminderSent.kind, Course.slug, ReminderSent.sent_at)
        .outerjoin(Assignment, Assignment.id == ReminderSent.assignment_id)
        .outerjoin(Course, Course.id == Assignment.course_id)
        .where(ReminderSent.person_id == person_id)
        .order_by(ReminderSent.sent_at, ReminderSent.id)
    )
    return [
        {"kind": kind, "course": course, "sent_at": value(sent_at)}
        for kind, course, sent_at in result
    ]


# Assignments, statuses and reminders stay on anonymisation: reports count them.
SECTIONS = (
    Section(
        "assignments",
        order=40,
        claims={"assignment.person_id": EXPORTED, "assignment.assigned_by_id": _ACTOR},
        export=_assignments,
    ),
    Section(
        "course_statuses",
        order=50,
        claims={"course_status.person_id": EXPORTED, "assignment_rule.created_by_id": _ACTOR},
        export=_statuses,
    ),
    Section(
        "reminders_sent", order=55, claims={"reminder_sent.person_id": EXPORTED}, export=_reminders
    ),
)
