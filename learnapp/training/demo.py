"""`flask training demo`: a rule, some progress and one overdue colleague, for `make run`.

Idempotent: run it again and nothing is added twice. Needs `flask demo load` and the courses
(`flask courses sync`) first.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.courses.services import record_view
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.formats import counted
from learnapp.org.models import Department, Person, Unit
from learnapp.org.services import find_person_by_email
from learnapp.quizzes.models import Completion
from learnapp.quizzes.services import record_completion
from learnapp.training import assign, status
from learnapp.training.models import AssignmentRule, RuleScope

COURSE_SLUG = "vbe-grunder"
COMPLETING = 3  # key persons in the school department who have completed the course
READING = 2  # and who are reading it


def load_training_demo() -> str:
    course = db.session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
    school = db.session.scalar(select(Department).where(Department.code == "UTB"))
    coordinator = find_person_by_email("samordnare@example.org")
    if course is None or school is None or coordinator is None:
        return "Run `flask demo load` and `flask courses sync` first; nothing was added."
    now = utcnow()
    rule = db.session.scalar(
        select(AssignmentRule).where(
            AssignmentRule.course_id == course.id,
            AssignmentRule.scope == RuleScope.KEY_PERSONS.value,
            AssignmentRule.department_id == school.id,
            AssignmentRule.removed_at.is_(None),
        )
    )
    added = 0
    if rule is None:
        data = assign.RuleInput(
            course=course,
            scope=RuleScope.KEY_PERSONS,
            due_days=30,
            mandatory=True,
            department=school,
        )
        rule, added = assign.create_rule(data, coordinator, now=now)

    key_persons = db.session.scalars(
        select(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Unit.department_id == school.id,
            Person.is_key_person,
            Person.active,
            Person.email.not_in(["medarbetare@example.org", "chef@example.org"]),
        )
        .order_by(Person.id)
        .limit(COMPLETING + READING)
    ).all()
    lessons = list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.course_id == course.id, Lesson.active)
            .order_by(Lesson.position)
        )
    )
    for n, person in enumerate(key_persons):
        read = lessons if n < COMPLETING else lessons[:1]
        for lesson in read:
            if db.session.get(LessonProgress, (person.id, lesson.id)) is None:
                record_view(person, lesson)
        if n < COMPLETING and not db.session.scalar(
            select(Completion.id).where(
                Completion.person_id == person.id, Completion.course_id == course.id
            )
        ):
            done = now - timedelta(days=40 * (n + 1))
            record_completion(person, course, now=done, score=0.9 - 0.05 * n)

    overdue = _overdue_colleague(course, coordinator, now)
    result = status.refresh(now=now)
    return (
        f"Rule {rule.id}: {counted(added, 'new assignment')}; "
        f"{counted(len(key_persons), 'key person')} with progress; "
        f"overdue colleague: {overdue or 'none found'}; {counted(result.total, 'status', 'statuses')} "
        "changed."
    )


def _overdue_colleague(course: Course, coordinator: Person, now: object) -> str | None:
    """A colleague of the demo staff member in Söderskolan with an overdue assignment."""
    me = find_person_by_email("medarbetare@example.org")
    if me is None or me.unit_id is None:
        return None
    colleague = db.session.scalars(
        select(Person)
        .where(
            Person.unit_id == me.unit_id,
            Person.active,
            Person.id != me.id,
            Person.email != "chef@example.org",
            Person.is_key_person.is_(False),
        )
        .order_by(Person.id)
    ).first()
    if colleague is None:
        return None
    assign.assign_people(
        select(Person.id).where(Person.id == colleague.id),
        course,
        due_on=utcnow().date() - timedelta(days=5),
        mandatory=True,
        source="manual",
        assigned_by=coordinator,
    )
    return colleague.email
