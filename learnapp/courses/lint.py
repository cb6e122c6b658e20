"""Content lint for course folders: what a program can check of the authors' standards.

The loader (`loader.py`) refuses a course that cannot be shown. The lint looks at a course that
loads and reports what makes it weaker teaching or stale, each on its file and line:

- the share of single-answer questions whose right answer is the unique longest option
  (a give-away) is above `LONGEST_SHARE_LIMIT`;
- no `## Källor` section listing at least `MIN_SOURCES` sources;
- no `reviewed: YYYY-MM-DD` in course.md, or one older than `REVIEW_MONTHS` months;
- a scenario question (its title starts with "Scenario") with an answer that has no feedback.

`flask courses sync --check` fails on any finding; `flask courses sync` prints them and loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from learnapp.courses.loader import QUIZ_FILE, ContentError, CourseSource
from learnapp.courses.render import COURSE_FILE
from learnapp.formats import counted

LONGEST_SHARE_LIMIT = 0.4
"""Above this share of single-answer questions keyed on the unique longest option, warn."""
MIN_CHOICES = 3  # a question with two options is keyed on the longer one half the time anyway
MIN_SOURCES = 2
REVIEW_MONTHS = 12
SCENARIO_PREFIX = "Scenario"

_SOURCES_HEADING = re.compile(r"^ {0,3}##\s+Källor\s*#*\s*$")
_HEADING = re.compile(r"^ {0,3}#{1,2}\s")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])\s+\S")


def lint_courses(
    root: Path, courses: Iterable[CourseSource], today: date | None = None
) -> list[ContentError]:
    """Every lint finding for the loaded courses under `root`, course by course."""
    today = today or date.today()
    findings: list[ContentError] = []
    for course in courses:
        findings.extend(lint_course(root / course.slug, course, today))
    return findings


def lint_course(folder: Path, course: CourseSource, today: date) -> list[ContentError]:
    """The lint findings of one course that has loaded without errors."""
    return [
        *_longest_answers(course),
        *_sources(folder, course),
        *_reviewed(course, today),
        *_scenario_feedback(course),
    ]


def _finding(course: CourseSource, name: str, line: int, message: str) -> ContentError:
    return ContentError(f"{course.slug}/{name}", line, message)


def _longest_answers(course: CourseSource) -> list[ContentError]:
    counted = keyed_longest = 0
    first_line = 0
    for question in course.questions:
        if question.type != "multichoice" or len(question.answers) < MIN_CHOICES:
            continue
        right = [a for a in question.answers if a.fraction >= 1.0]
        if len(right) != 1:
            continue
        counted += 1
        others = [len(a.text) for a in question.answers if a is not right[0]]
        if len(right[0].text) > max(others):
            keyed_longest += 1
            first_line = first_line or question.line
    if not counted or keyed_longest / counted <= LONGEST_SHARE_LIMIT:
        return []
    return [
        _finding(
            course,
            QUIZ_FILE,
            first_line,
            f"In {keyed_longest} of {counted} single-answer questions the right answer is the "
            f"longest option (more than {LONGEST_SHARE_LIMIT:.0%}); make the options similar in "
            "length so that length gives nothing away.",
        )
    ]


def _sources(folder: Path, course: CourseSource) -> list[ContentError]:
    names = [COURSE_FILE, *(lesson.file for lesson in course.lessons)]
    for name in names:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not _SOURCES_HEADING.match(line):
                continue
            items = 0
            for following in lines[number:]:
                if _HEADING.match(following):
                    break
                items += bool(_LIST_ITEM.match(following))
            if items >= MIN_SOURCES:
                return []
            return [
                _finding(
                    course,
                    name,
                    number,
                    f"The Källor section lists {counted(items, 'source')}; list at least {MIN_SOURCES} "
                    "public sources, one per list item.",
                )
            ]
    return [
        _finding(
            course,
            COURSE_FILE,
            0,
            "There is no '## Källor' section; end the course (course.md or the last lesson) "
            "with one that names the public sources.",
        )
    ]


def _reviewed(course: CourseSource, today: date) -> list[ContentError]:
    if course.reviewed is None:
        return [
            _finding(
                course,
                COURSE_FILE,
                1,
                "There is no 'reviewed: YYYY-MM-DD' field; add the date the content was last "
                "checked against its sources.",
            )
        ]
    if course.reviewed >= months_before(today, REVIEW_MONTHS):
        return []
    return [
        _finding(
            course,
            COURSE_FILE,
            course.reviewed_line,
            f"The content was last reviewed on {course.reviewed.isoformat()}, more than "
            f"{REVIEW_MONTHS} months ago; check it against its sources and update 'reviewed'.",
        )
    ]


def _scenario_feedback(course: CourseSource) -> list[ContentError]:
    findings = []
    for question in course.questions:
        if not (question.title or "").startswith(SCENARIO_PREFIX):
            continue
        missing = sum(1 for a in question.answers if not (a.feedback or "").strip())
        if missing:
            findings.append(
                _finding(
                    course,
                    QUIZ_FILE,
                    question.line,
                    f"The scenario question {question.title!r} has {counted(missing, 'answer')} without "
                    "feedback; every answer of a scenario explains why it is right or wrong.",
                )
            )
    return findings


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
