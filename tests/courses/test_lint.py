"""The content lint: `flask courses sync --check` fails on a course that breaks any lint rule.

Each rule has a course that breaks it and nothing else; the clean course passes. `flask courses
sync` (without --check) prints the warnings and still loads, so `make run` never stops on them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learnapp.courses.lint import LONGEST_SHARE_LIMIT, lint_courses, months_before
from learnapp.courses.models import Course
from learnapp.courses.services import check_courses
from learnapp.extensions import db
from tests.courses.conftest import COURSE_MD, LESSON_2

TODAY = date.today()

REVIEWED_MD = COURSE_MD.replace("version: 1\n", f"version: 1\nreviewed: {TODAY.isoformat()}\n")
SOURCES = "\n## Källor\n\n- Kommunens handlingsplan.\n- Säkerhetspolisen.\n"

# Two single-answer questions; in neither is the right answer the longest option.
BALANCED = """\
$CATEGORY: testkurs

::Fråga ett::Vad gör du först? {
=Ringer 112.#Rätt.
~Väntar lite.#Fel.
~Frågar chefen.#Fel.
}

::Scenario – skolgården::En elev hotar en annan. Vad gör du? {
=Ser till att alla är säkra.#Rätt, säkerheten först.
~Skriver ner exakt vad som sades.#Fel, inte först.
~Pratar med föräldrarna.#Fel, inte först.
}
"""

CLEAN = {"course.md": REVIEWED_MD, "02-andra.md": LESSON_2 + SOURCES, "quiz.gift": BALANCED}

GIVE_AWAY = """\
$CATEGORY: testkurs

::Ett::Vad gör du? {
=Ringer 112 och ser till att alla är säkra.#Rätt.
~Väntar.#Fel.
~Frågar.#Fel.
}

::Två::Vad gör du sedan? {
=Berättar för chefen samma dag och skriver ner fakta.#Rätt.
~Inget.#Fel.
~Väntar.#Fel.
}
"""

SCENARIO_WITHOUT_FEEDBACK = BALANCED.replace(
    "~Pratar med föräldrarna.#Fel, inte först.", "~Pratar med föräldrarna."
)


def check(runner, root: Path):
    return runner.invoke(args=["courses", "sync", "--check", "--path", str(root)])


def test_a_clean_course_passes_the_check_with_no_warnings(runner, root, make_course):
    make_course(changes=CLEAN)
    result = check(runner, root)
    assert result.exit_code == 0, result.output
    assert "no errors, no warnings" in result.output


def test_keyed_answer_the_longest_option_too_often_fails_the_check(runner, root, make_course):
    make_course(changes={**CLEAN, "quiz.gift": GIVE_AWAY})
    result = check(runner, root)
    assert result.exit_code == 1
    assert (
        "testkurs/quiz.gift:3: In 2 of 2 single-answer questions the right answer" in result.output
    )


def test_keyed_longest_at_or_below_the_limit_passes(app, root, make_course):
    # One of three questions keyed on the longest option: a third, at or below the limit.
    quiz = GIVE_AWAY.replace(
        "~Väntar.#Fel.\n~Frågar.#Fel.",
        "~Väntar en stund och ser om det lugnar sig.#Fel.\n~Frågar.#Fel.",
    )
    quiz += "\n::Tre::Och sist? {\n=Dokumenterar.#Rätt.\n~Går hem direkt.#Fel.\n~Ringer en vän.#Fel.\n}\n"
    make_course(changes={**CLEAN, "quiz.gift": quiz})
    assert LONGEST_SHARE_LIMIT >= 1 / 3
    assert _findings(root) == []


def test_a_course_without_a_sources_section_fails_the_check(runner, root, make_course):
    make_course(changes={**CLEAN, "02-andra.md": LESSON_2})
    result = check(runner, root)
    assert result.exit_code == 1
    assert "testkurs/course.md: There is no '## Källor' section" in result.output


def test_a_sources_section_with_one_source_fails_the_check(runner, root, make_course):
    lesson = LESSON_2 + "\n## Källor\n\n- Bara en källa.\n\n## Efteråt\n\n- Inte en källa.\n"
    make_course(changes={**CLEAN, "02-andra.md": lesson})
    result = check(runner, root)
    assert result.exit_code == 1
    assert "testkurs/02-andra.md:6: The Källor section lists 1 source" in result.output


def test_a_course_without_a_reviewed_date_fails_the_check(runner, root, make_course):
    make_course(changes={**CLEAN, "course.md": COURSE_MD})
    result = check(runner, root)
    assert result.exit_code == 1
    assert "testkurs/course.md:1: There is no 'reviewed: YYYY-MM-DD' field" in result.output


def test_a_review_older_than_twelve_months_fails_the_check(runner, root, make_course):
    old = months_before(TODAY, 13)
    make_course(
        changes={**CLEAN, "course.md": REVIEWED_MD.replace(TODAY.isoformat(), old.isoformat())}
    )
    result = check(runner, root)
    assert result.exit_code == 1
    assert (
        f"testkurs/course.md:4: The content was last reviewed on {old.isoformat()}" in result.output
    )


def test_a_review_exactly_twelve_months_old_still_passes(app, root, make_course):
    twelve = months_before(TODAY, 12)
    make_course(
        changes={**CLEAN, "course.md": REVIEWED_MD.replace(TODAY.isoformat(), twelve.isoformat())}
    )
    assert _findings(root) == []


def test_a_reviewed_value_that_is_not_a_date_is_an_error(app, root, make_course):
    make_course(changes={**CLEAN, "course.md": REVIEWED_MD.replace(TODAY.isoformat(), "i höstas")})
    result = check_courses(root)
    assert [str(e) for e in result.errors] == [
        "testkurs/course.md:4: 'reviewed' must be a date written YYYY-MM-DD, not 'i höstas'."
    ]


def test_a_scenario_answer_without_feedback_fails_the_check(runner, root, make_course):
    make_course(changes={**CLEAN, "quiz.gift": SCENARIO_WITHOUT_FEEDBACK})
    result = check(runner, root)
    assert result.exit_code == 1
    assert (
        "testkurs/quiz.gift:9: The scenario question 'Scenario – skolgården' has 1 answer "
        "without feedback" in result.output
    )


def test_sync_prints_the_warnings_and_still_loads(runner, root, make_course):
    make_course(changes={**CLEAN, "course.md": COURSE_MD})
    result = runner.invoke(args=["courses", "sync", "--path", str(root)])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "reviewed: YYYY-MM-DD" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Course)) == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 3), 12, date(2025, 12, 3)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before_counts_back_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def _findings(root: Path) -> list[str]:
    result = check_courses(root)
    assert result.ok, [str(e) for e in result.errors]
    return [str(f) for f in lint_courses(root, result.courses, TODAY)]
