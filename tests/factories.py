"""Test data. Plain functions that flush; a test commits when it needs a request to see the rows."""

from __future__ import annotations

import itertools

from learnapp.courses.models import Course, Lesson
from learnapp.extensions import db
from learnapp.gift.parse import load_gift
from learnapp.org.models import Department, Person, Role, Unit
from learnapp.org.services import add_managed_unit, create_department, create_person, create_unit
from learnapp.quizzes.bank import store_questions
from learnapp.training import assign
from learnapp.training.models import AssignmentRule, CourseStatus, RuleScope

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def department(name: str | None = None, code: str | None = None) -> Department:
    n = next(_seq)
    return create_department(name or f"Förvaltning {n}", code or f"D{n}")


def unit(dept: Department, name: str | None = None, parent: Unit | None = None) -> Unit:
    return create_unit(name or f"Enhet {next(_seq)}", dept, parent)


def person(
    unit: Unit | None = None,
    *,
    name: str | None = None,
    email: str | None = None,
    password: str | None = None,
    roles: set[Role] | None = None,
    manages: list[Unit] | None = None,
    **fields: object,
) -> Person:
    # The manager role is managing a unit: `manages=[...]`, never `roles={Role.MANAGER}` alone.
    assert Role.MANAGER not in (roles or set()) or manages, "a manager manages a unit: manages="
    n = next(_seq)
    p = create_person(
        name or f"Person {n}",
        email or f"person{n}@example.org",
        unit=unit,
        password=password,
        roles=roles,
        **fields,  # type: ignore[arg-type]
    )
    for u in manages or []:
        add_managed_unit(p, u)
    return p


def course(
    slug: str | None = None,
    *,
    lessons: int = 2,
    quiz: str | None = None,
    **fields: object,
) -> Course:
    """A published course with `lessons` lessons and, when `quiz` (GIFT text) is given, its quiz."""
    n = next(_seq)
    c = Course(slug=slug or f"kurs-{n}", title=fields.pop("title", f"Kurs {n}"), **fields)  # type: ignore[arg-type]
    db.session.add(c)
    db.session.flush()
    for i in range(1, lessons + 1):
        db.session.add(
            Lesson(
                course_id=c.id,
                slug=f"lektion-{i}",
                position=i,
                title=f"Lektion {i}",
                body_html=f"<p>Lektion {i}</p>",
            )
        )
    if quiz is not None:
        store_questions(c, load_gift(quiz), source="folder", replace=True)
    db.session.flush()
    return c


def assign_everyone(course: Course, by: Person) -> AssignmentRule:
    """A mandatory rule for everyone (due in 30 days), made through the rule service; committed."""
    data = assign.RuleInput(course=course, scope=RuleScope.EVERYONE, due_days=30, mandatory=True)
    rule, _ = assign.create_rule(data, by)
    db.session.commit()
    return rule


def status_row(person: Person, course: Course) -> CourseStatus | None:
    """The person's stored status row for the course, read afresh from the database."""
    db.session.expire_all()
    return db.session.get(CourseStatus, (person.id, course.id))


def status_of(person: Person, course: Course) -> str | None:
    """The person's stored status on the course ("in_progress", …), or None without a row."""
    row = status_row(person, course)
    return None if row is None else row.status
