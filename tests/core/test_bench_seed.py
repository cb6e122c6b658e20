"""`python -m bench.seed`: the benchmark's organisation is complete, consistent and refused twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, current_app
from sqlalchemy import delete, func, select

from bench import seed
from learnapp.courses.models import Course, LessonProgress
from learnapp.courses.services import courses_dir
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory, NeedsResponse
from learnapp.org.models import Department, Person, Role, Unit, UnitManager
from learnapp.quizzes.models import Completion, QuizAttempt
from learnapp.training import rollups, tree_counts
from learnapp.training.models import Assignment, CourseStatus
from learnapp.training.status import status_expression

PEOPLE = 300

# The seed commits and then runs VACUUM on an autocommit connection of its own (PostgreSQL), and
# the reset empties the tables the same way: these tests commit for real.
pytestmark = pytest.mark.commits


@pytest.fixture
def seeded(app: Flask) -> seed.SeedReport:
    return seed.run(PEOPLE, log=lambda _line: None)


def _count(model: Any, *where: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_the_seed_creates_the_people_units_and_courses_asked_for(
    seeded: seed.SeedReport,
) -> None:
    assert _count(Person) == PEOPLE == seeded.people
    assert _count(Department) == len(seed.DEPARTMENTS)
    assert _count(Unit) == seeded.units > len(seed.DEPARTMENTS)
    folders = [p for p in courses_dir(current_app).iterdir() if (p / "course.md").is_file()]
    assert seeded.courses == len(folders) + seed.EXTRA_COURSES
    # Every person sits in a unit, and every unit has a manager.
    assert _count(Person, Person.unit_id.is_(None)) == 0
    assert _count(UnitManager) >= _count(Unit, Unit.id.in_(select(Person.unit_id))) - 1


def test_the_seeded_statuses_are_what_the_status_engine_derives(seeded: seed.SeedReport) -> None:
    assert _count(Assignment) > PEOPLE  # the everyone rule and more
    assert _count(Completion) > 0
    expr = status_expression(utcnow())
    assert _count(CourseStatus, CourseStatus.status != expr) == 0
    statuses = set(db.session.scalars(select(CourseStatus.status).distinct()))
    assert {"completed", "overdue", "in_progress"} <= statuses
    # Copies of the person's place are right on every row.
    wrong_unit = select(Person.id).where(
        Person.id == CourseStatus.person_id, Person.unit_id != CourseStatus.unit_id
    )
    assert _count(CourseStatus, wrong_unit.exists()) == 0
    assert rollups.differences() == []  # the triggers kept up with the bulk writes
    assert tree_counts.differences() == []  # and the counters per unit subtree


def test_the_bulk_inserted_rows_are_all_there_and_read_back_as_written(
    seeded: seed.SeedReport,
) -> None:
    # On PostgreSQL these went in by COPY: JSON must stay JSON and timestamps exact UTC.
    for model in (LessonProgress, QuizAttempt, Completion, NeedsResponse):
        assert _count(model) == seeded.counts[model.__tablename__] > 0
    attempt = db.session.scalar(
        select(QuizAttempt).where(QuizAttempt.passed.is_(True)).order_by(QuizAttempt.id).limit(1)
    )
    assert attempt is not None and attempt.answers == {}
    assert len(attempt.layout) == attempt.max_points and attempt.layout[0]["order"] == [0, 1, 2]
    assert set(attempt.results) == {str(item["question"]) for item in attempt.layout}
    completion = db.session.scalar(select(Completion).where(Completion.attempt_id == attempt.id))
    assert completion is not None
    assert completion.completed_at == attempt.submitted_at + timedelta(minutes=1)


def test_a_bulk_insert_refuses_rows_that_leave_out_a_column_with_a_python_default(
    app: Flask,
) -> None:
    row = {"id": 1, "name": "Förvaltningen", "code": "F", "is_external": False}
    with pytest.raises(ValueError, match="created_at"):
        seed._insert(Department.__table__, [row])


def test_the_inventory_is_closed_and_answered_by_key_persons_only(seeded: seed.SeedReport) -> None:
    inventory = db.session.scalar(select(NeedsInventory))
    assert inventory is not None and inventory.is_closed
    answered_by = select(NeedsResponse.person_id).distinct()
    assert _count(Person, Person.id.in_(answered_by)) > 0
    assert _count(Person, Person.id.in_(answered_by), Person.is_key_person.is_(False)) == 0


def test_the_fixed_accounts_exist_with_their_roles_and_the_targets_resolve(
    seeded: seed.SeedReport, client: Any
) -> None:
    accounts = {
        role: db.session.scalar(select(Person).where(Person.email == email))
        for role, email in seed.ACCOUNTS.items()
    }
    assert Role.COORDINATOR in accounts["coordinator"].roles
    assert Role.MANAGER in accounts["manager"].roles
    assert accounts["staff"].check_password(seed.BENCH_PASSWORD)
    targets = seed.targets()
    assert targets is not None
    assert targets["people"] == PEOPLE
    manager_units = set(
        db.session.scalars(
            select(UnitManager.unit_id).where(UnitManager.person_id == accounts["manager"].id)
        )
    )
    assert targets["manager_unit_id"] in manager_units
    staff_unit = db.session.get(Unit, accounts["staff"].unit_id)
    assert f"/{targets['manager_unit_id']}/" in staff_unit.path
    staff = [seed.staff_email(n) for n in range(1, seed.STAFF_ACCOUNTS + 1)]
    assert targets["staff_accounts"] == staff and len(set(staff)) == seed.STAFF_ACCOUNTS
    for email in staff:
        person = db.session.scalar(select(Person).where(Person.email == email))
        assert person.active and person.is_key_person and person.unit_id == staff_unit.id
    response = client.post(
        "/login", data={"email": seed.ACCOUNTS["staff"], "password": seed.BENCH_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(targets["lesson_path"]).status_code == 200
    assert client.get(f"/quiz/{targets['quiz_course_slug']}/").status_code == 200


def test_a_staff_account_that_has_not_read_the_quiz_course_is_not_offered(
    seeded: seed.SeedReport,
) -> None:
    last = db.session.scalar(
        select(Person).where(Person.email == seed.staff_email(seed.STAFF_ACCOUNTS))
    )
    quiz_course = db.session.scalar(
        select(Course).where(Course.slug == seed.targets()["quiz_course_slug"])  # type: ignore[index]
    )
    one_lesson = quiz_course.lessons[-1].id
    gone = db.session.execute(
        delete(LessonProgress).where(
            LessonProgress.person_id == last.id, LessonProgress.lesson_id == one_lesson
        )
    )
    assert gone.rowcount == 1  # the others of the course stay read
    db.session.commit()
    offered = seed.targets()["staff_accounts"]  # type: ignore[index]
    assert offered == [seed.staff_email(n) for n in range(1, seed.STAFF_ACCOUNTS)]


def test_every_staff_account_can_start_the_quiz_the_runner_submits(
    seeded: seed.SeedReport, app: Flask
) -> None:
    slug = seed.targets()["quiz_course_slug"]  # type: ignore[index]
    for email in (seed.staff_email(1), seed.staff_email(seed.STAFF_ACCOUNTS)):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": seed.BENCH_PASSWORD})
        started = client.post(f"/quiz/{slug}/start")
        assert started.status_code == 302
        assert started.headers["Location"].startswith("/quiz/attempts/"), email


def test_targets_are_none_before_a_seed(app: Flask) -> None:
    assert seed.targets() is None


def test_a_second_seed_is_refused_without_reset(seeded: seed.SeedReport) -> None:
    with pytest.raises(seed.SeedError, match="already holds people"):
        seed.run(PEOPLE, log=lambda _line: None)


def test_the_command_seeds_and_reset_starts_again(app: Flask) -> None:
    said: list[str] = []
    assert seed.command(120, reset=False, log=said.append) == 0, said
    assert seed.command(120, reset=False, log=said.append) == 1
    assert "--reset" in said[-1]
    assert seed.command(150, reset=True, log=said.append) == 0, said
    assert _count(Person) == 150


def test_the_seed_is_not_a_command_of_the_production_cli(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["bench", "seed", "--people", "120"])
    assert result.exit_code != 0 and "No such command 'bench'" in result.output
