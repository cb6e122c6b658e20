"""Question pools: an attempt draws N questions (per category if asked), records them, and is
scored on exactly those; the loader refuses a draw larger than the bank."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.extensions import db
from learnapp.quizzes import services as quiz
from learnapp.quizzes.attempts import shown_questions
from tests.courses.conftest import COURSE_MD

POOL = (
    "\n\n".join(f"$CATEGORY: {'a' if i < 4 else 'b'}\n::F{i}:: Fråga {i}? {{T}}" for i in range(8))
    + "\n"
)


def with_draw(draw: str) -> str:
    return COURSE_MD.replace("validity_months: 12\n", f"validity_months: 12\n{draw}\n")


def load(make_course: Any, sync: Any, root: Any, draw: str) -> Course:
    from learnapp.courses.services import sync_courses

    make_course("testkurs", {"course.md": with_draw(draw), "quiz.gift": POOL})
    report = sync_courses(root)
    assert report.ok, [str(e) for e in report.errors]
    db.session.commit()
    return db.session.scalar(select(Course).where(Course.slug == "testkurs"))


def read_all(course: Course, person: Any) -> None:
    for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id)):
        db.session.add(LessonProgress(person_id=person.id, lesson_id=lesson.id))
    db.session.flush()


def test_a_draw_larger_than_the_bank_is_refused_on_its_line(
    app: Any, make_course: Any, root: Any
) -> None:
    from learnapp.courses.services import check_courses

    make_course("testkurs", {"course.md": with_draw("draw: 9"), "quiz.gift": POOL})
    result = check_courses(root)
    assert [str(e) for e in result.errors] == [
        "testkurs/course.md:10: draw: 9 is more than the 8 questions in quiz.gift."
    ]
    make_course(
        "testkurs",
        {"course.md": with_draw("draw: 5\ndraw_per_category: true"), "quiz.gift": POOL},
    )
    errors = [str(e) for e in check_courses(root).errors]
    assert len(errors) == 2 and "category 'a'" in errors[0] and "category 'b'" in errors[1]


def test_an_attempt_draws_n_questions_and_is_scored_on_those_only(
    app: Any, make_course: Any, sync: Any, root: Any, org: Any
) -> None:
    course = load(make_course, sync, root, "draw: 3")
    read_all(course, org.staff)
    first = quiz.start_attempt(org.staff, course, rng=random.Random(1))
    drawn = [entry["question"] for entry in first.layout]
    assert len(drawn) == 3
    responses = {str(item.row.id): True for item in shown_questions(first)}
    quiz.submit_attempt(first, org.staff, responses)
    assert first.max_points == 3 and first.points == 3 and first.passed
    assert set(first.results) == {str(q) for q in drawn}


def test_a_retake_draws_another_set(
    app: Any, make_course: Any, sync: Any, root: Any, org: Any
) -> None:
    course = load(make_course, sync, root, "draw: 3")
    read_all(course, org.staff)
    first = quiz.start_attempt(org.staff, course, rng=random.Random(1))
    wrong = {str(item.row.id): False for item in shown_questions(first)}
    quiz.submit_attempt(first, org.staff, wrong)
    assert not first.passed
    second = quiz.start_attempt(org.staff, course, rng=random.Random(2))
    assert second.id != first.id
    assert {e["question"] for e in second.layout} != {e["question"] for e in first.layout}


def test_the_pass_mark_is_a_share_of_the_drawn_questions(
    app: Any, make_course: Any, sync: Any, root: Any, org: Any
) -> None:
    course = load(make_course, sync, root, "draw: 2\ndraw_per_category: true")
    read_all(course, org.staff)
    attempt = quiz.start_attempt(org.staff, course, rng=random.Random(3))
    shown = shown_questions(attempt)
    categories = sorted(item.question.category for item in shown)
    assert categories == ["a", "a", "b", "b"]
    # 3 of 4 drawn right is 75 percent: below the pass mark of 80 percent
    responses = {str(item.row.id): i > 0 for i, item in enumerate(shown)}
    quiz.submit_attempt(attempt, org.staff, responses)
    assert attempt.score == 0.75 and attempt.passed is False
