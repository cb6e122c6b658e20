"""The courses in courses/ keep the content rules of the courses issue.

The library: at least twelve courses, every competence area taught. Each course: 3–6 lessons, a
quiz of at least 12 questions of which at least half are workplace scenarios with feedback on every
answer, a *Källor* section naming sources, and the line saying that the
municipality reviews and adapts the content.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnapp.areas.services import DEFAULT_AREAS
from learnapp.gift.parse import load_gift

COURSES = Path(__file__).resolve().parents[2] / "courses"
FOLDERS = sorted(p for p in COURSES.iterdir() if (p / "course.md").is_file())
REVIEW_LINE = "granskas och anpassas av kommunens"


def test_the_library_has_at_least_twelve_courses() -> None:
    assert len(FOLDERS) >= 12, [p.name for p in FOLDERS]


def test_every_competence_area_is_taught_by_at_least_one_course() -> None:
    taught: set[str] = set()
    for folder in FOLDERS:
        front = (folder / "course.md").read_text(encoding="utf-8").split("---")[1]
        areas = re.search(r"^areas: \[(.*)\]$", front, flags=re.MULTILINE)
        assert areas is not None, folder.name
        taught.update(code.strip() for code in areas.group(1).split(","))
    assert {code for code, _sv, _en in DEFAULT_AREAS} <= taught


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_course_has_three_to_six_lessons(folder: Path) -> None:
    lessons = [p for p in folder.glob("*.md") if re.match(r"\d\d-", p.name)]
    assert 3 <= len(lessons) <= 6


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_quiz_has_twelve_questions_half_of_them_scenarios_with_feedback_on_every_answer(
    folder: Path,
) -> None:
    questions = load_gift((folder / "quiz.gift").read_text(encoding="utf-8"))
    assert len(questions) >= 12
    scenarios = [q for q in questions if (q.title or "").startswith("Scenario")]
    assert 2 * len(scenarios) >= len(questions), [q.title for q in questions]
    for question in scenarios:
        # True/false: both answers carry their feedback (the right and the wrong one).
        missing = [a.text for a in question.answers if not (a.feedback or "").strip()]
        assert missing == [], f"{folder.name}: {question.title}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_course_names_its_sources_and_says_the_municipality_reviews_it(folder: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))
    sources = re.search(r"^## Källor\n(.+?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert sources is not None, folder.name
    assert len(re.findall(r"^\s*[-*] ", sources.group(1), flags=re.MULTILINE)) >= 2
    assert REVIEW_LINE in text
