"""The loader: every content error names its file and line; all errors come at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnapp.areas.services import DEFAULT_AREAS
from learnapp.courses.loader import load_courses
from tests.courses.conftest import COURSE_MD, LESSON_1, QUIZ

AREAS = {code for code, _sv, _en in DEFAULT_AREAS}
REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"


def errors_of(root: Path) -> list[str]:
    return [str(error) for error in load_courses(root, AREAS).errors]


def test_the_real_courses_have_no_errors():
    result = load_courses(REAL_COURSES, AREAS)
    assert result.errors == []
    folders = [p for p in REAL_COURSES.iterdir() if (p / "course.md").is_file()]
    assert len(result.courses) == len(folders)


def test_a_valid_folder_gives_its_fields_lessons_and_quiz(root, make_course):
    make_course()
    (course,) = load_courses(root, AREAS).courses
    assert (course.slug, course.title, course.version, course.minutes) == (
        "testkurs",
        "Testkurs",
        1,
        10,
    )
    assert course.areas == ["grunder", "rutin"]
    assert (course.max_attempts, course.attempt_wait_minutes, course.published) == (0, 0, True)
    assert [(lesson.position, lesson.slug) for lesson in course.lessons] == [
        (1, "forsta"),
        (2, "andra"),
    ]
    assert [q.title for q in course.questions] == ["Fråga"]


def test_optional_fields_are_read(root, make_course):
    extra = "max_attempts: 3\nattempt_wait_minutes: 60\npublished: false\n---\n"
    make_course(changes={"course.md": COURSE_MD.replace("---\nIntro", extra + "Intro", 1)})
    (course,) = load_courses(root, AREAS).courses
    assert (course.max_attempts, course.attempt_wait_minutes, course.published) == (3, 60, False)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "course.md",
            COURSE_MD.replace("title: Testkurs\n", ""),
            "testkurs/course.md:1: The required field 'title' is missing.",
        ),
        (
            "course.md",
            COURSE_MD.replace("[grunder, rutin]", "[grunder, okänt]"),
            "testkurs/course.md:7: Unknown competence area code 'okänt'",
        ),
        (
            "course.md",
            COURSE_MD.replace("title: Testkurs", "title: Del 1: Grunder"),
            "testkurs/course.md:2: The front matter is not valid YAML",
        ),
        (
            "course.md",
            COURSE_MD.replace("minutes: 10", "minutes: tio"),
            "testkurs/course.md:6: 'minutes' must be a whole number of 1 or more, not 'tio'.",
        ),
        (
            "course.md",
            COURSE_MD.replace("pass_mark: 0.8", "pass_mark: 80"),
            "testkurs/course.md:8: 'pass_mark' must be a decimal number above 0 and at most 1",
        ),
        (
            "course.md",
            COURSE_MD.replace("version: 1", "version: 0"),
            "testkurs/course.md:3: 'version' must be a whole number of 1 or more",
        ),
        (
            "course.md",
            COURSE_MD.replace("audience:", "publicerad: ja\naudience:"),
            "testkurs/course.md:10: Unknown field 'publicerad'.",
        ),
        (
            "course.md",
            COURSE_MD.replace("audience: Alla medarbetare", "audience: Alla\ntitle: Igen"),
            "testkurs/course.md:11: The field 'title' is given twice.",
        ),
        (
            "course.md",
            COURSE_MD.replace("---\n", "", 1),
            "testkurs/course.md:1: The file must start with front matter",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("title: Första lektionen\n", ""),
            "testkurs/01-forsta.md:1: The lesson has no title",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("02-andra.md", "03-saknas.md"),
            "testkurs/01-forsta.md:6: Broken link: there is no lesson file '03-saknas.md'",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("bild.png", "saknas.png"),
            "testkurs/01-forsta.md:8: Image not found: 'saknas.png'",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("![En blå fyrkant](bild.png)", '<img src="saknas.png" alt="x">'),
            "testkurs/01-forsta.md:8: Image not found: 'saknas.png'",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace(
                "![En blå fyrkant](bild.png)", "<IMG alt=x SRC=https://example.org/a.png>"
            ),
            "testkurs/01-forsta.md:8: The image 'https://example.org/a.png' must be a .png",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("![En blå fyrkant](bild.png)", '<img alt="utan adress">'),
            "testkurs/01-forsta.md:8: A link or image has no address.",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("02-andra.md", "../annan-kurs/01-intro.md"),
            "testkurs/01-forsta.md:6: Broken link '../annan-kurs/01-intro.md'",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("02-andra.md", "javascript:alert(1)"),
            "testkurs/01-forsta.md:6: The address 'javascript:alert(1)' is not allowed",
        ),
        (
            "01-forsta.md",
            LESSON_1.replace("## Rubrik", "# Rubrik"),
            "testkurs/01-forsta.md:4: Headings start at level 2",
        ),
        (
            "quiz.gift",
            QUIZ + "\n::Trasig::Vad? {=ja ~nej\n",
            "testkurs/quiz.gift:5: The answer block opened here",
        ),
        (
            "quiz.gift",
            QUIZ + "\n::Uppsats::Skriv om dagen. {}\n",
            "testkurs/quiz.gift:5: This essay question cannot be scored",
        ),
        (
            "quiz.gift",
            "// bara en kommentar\n",
            "testkurs/quiz.gift:1: The quiz has no questions.",
        ),
    ],
    ids=[
        "missing-title",
        "unknown-area",
        "bad-yaml",
        "bad-number",
        "pass-mark-out-of-range",
        "version-zero",
        "unknown-field",
        "duplicate-field",
        "no-front-matter",
        "lesson-without-title",
        "broken-lesson-link",
        "image-not-found",
        "html-image-not-found",
        "html-image-from-elsewhere",
        "html-image-without-address",
        "link-outside-the-course",
        "javascript-link",
        "level-one-heading",
        "quiz-syntax",
        "quiz-not-gradable",
        "quiz-empty",
    ],
)
def test_content_error_names_file_line_and_problem(root, make_course, name, text, expected):
    make_course(changes={name: text})
    errors = errors_of(root)
    assert any(error.startswith(expected) for error in errors), errors


def test_two_lessons_with_the_same_slug_are_an_error(root, make_course):
    make_course(changes={"03-forsta.md": LESSON_1})
    assert any("Duplicate lesson slug 'forsta'" in e for e in errors_of(root))


def test_a_badly_named_lesson_file_is_an_error(root, make_course):
    make_course(changes={"3-tredje.md": LESSON_1})
    assert any(
        e.startswith("testkurs/3-tredje.md: A lesson file is named") for e in errors_of(root)
    )


def test_missing_course_md_and_quiz_are_errors(root, make_course):
    make_course(changes={"course.md": None, "quiz.gift": None})
    errors = errors_of(root)
    assert "testkurs/course.md: course.md is missing." in errors
    assert "testkurs/quiz.gift: quiz.gift is missing: every course has a quiz." in errors


def test_a_folder_name_that_is_not_a_slug_is_an_error(root, make_course):
    make_course("Testkurs Två")
    assert any(
        e.startswith("Testkurs Två: The folder name is the course's slug") for e in errors_of(root)
    )


def test_every_error_is_reported_at_once_and_the_course_is_left_out(root, make_course):
    make_course(
        changes={
            "course.md": COURSE_MD.replace("minutes: 10", "minutes: -1"),
            "01-forsta.md": LESSON_1.replace("bild.png", "saknas.png"),
            "quiz.gift": "Vad? {=ja ~nej\n",
        }
    )
    make_course("annan-kurs")
    result = load_courses(root, AREAS)
    files = sorted(error.file for error in result.errors)
    assert files == ["testkurs/01-forsta.md", "testkurs/course.md", "testkurs/quiz.gift"]
    assert [course.slug for course in result.courses] == ["annan-kurs"]


def test_links_inside_code_are_not_checked(root, make_course):
    lesson = LESSON_1 + "\n```\n[exempel](99-finns-inte.md)\n```\n\nSkriv `[x](88-inte.md)`.\n"
    make_course(changes={"01-forsta.md": lesson})
    assert errors_of(root) == []


def test_a_missing_courses_folder_is_an_error(tmp_path):
    assert errors_of(tmp_path / "finns-inte") == [
        f"{tmp_path / 'finns-inte'}: The courses folder does not exist."
    ]
