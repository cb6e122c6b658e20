"""The draft's quiz as a list of questions: read, change one, reorder, delete. No database.

The questions stay GIFT text in the draft (quiz.gift). A question made from the form is written
with the GIFT writer and read back with the parser, so a form and a GIFT file are checked by the
same rules and give the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from learnapp.authoring import drafts
from learnapp.authoring.drafts import Files
from learnapp.gift.model import Answer, Question
from learnapp.gift.parse import parse_gift
from learnapp.gift.write import to_gift
from learnapp.quizzes.importing import check_text

#: The types the form offers (those a course quiz can score).
FORM_TYPES = ("multichoice", "multiresponse", "truefalse", "shortanswer", "matching", "numerical")
ANSWER_ROWS = 8


@dataclass
class AnswerInput:
    text: str = ""
    weight: float | None = None  # percent
    feedback: str = ""
    match: str = ""
    tolerance: float | None = None


@dataclass
class QuestionInput:
    type: str
    title: str
    category: str
    text: str
    general_feedback: str
    answers: list[AnswerInput]
    truth: bool = True
    right_feedback: str = ""
    wrong_feedback: str = ""


def questions(files: Files) -> list[Question]:
    """The draft's questions (a draft's quiz.gift is saved only without errors)."""
    return list(_parsed(drafts.quiz(files)))


# The question pages read the draft's whole quiz on every view (some 10 ms of CPU for a course's
# 20 questions): parsed once per process for each text. The questions are immutable.
@lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[Question, ...]:
    return tuple(parse_gift(text).questions)


def with_questions(files: Files, items: list[Question]) -> Files:
    return drafts.with_quiz(files, to_gift(items)) if items else drafts.with_quiz(files, "")


def moved(items: list[Question], index: int, step: int) -> list[Question]:
    changed = list(items)
    if 0 <= index < len(changed) and 0 <= index + step < len(changed):
        changed[index], changed[index + step] = changed[index + step], changed[index]
    return changed


def _none(text: str) -> str | None:
    return text.strip() or None


def build(data: QuestionInput) -> tuple[Question | None, list[tuple[int | None, str]]]:
    """The question the form describes, checked by the GIFT parser; or the problems."""
    if data.type == "truefalse":
        value = "true" if data.truth else "false"
        other = "false" if data.truth else "true"
        answers: tuple[Answer, ...] = (
            Answer(value, 1.0, _none(data.right_feedback)),
            Answer(other, 0.0, _none(data.wrong_feedback)),
        )
    else:
        rows = [row for row in data.answers if row.text.strip() or row.match.strip()]
        answers = tuple(_answer(data.type, row) for row in rows)
    question = Question(
        line=1,
        type=data.type,  # type: ignore[arg-type]
        title=_none(data.title),
        category=_none(data.category),
        text=data.text.strip(),
        text_format="moodle",
        answers=answers,
        general_feedback=_none(data.general_feedback),
    )
    try:
        text = to_gift([question])
    except ValueError:
        return None, [(None, "arrow")]
    checked = check_text(text)
    if not checked.ok:
        return None, [(None, message) for _line, message in checked.errors]
    (parsed,) = checked.questions
    return replace(parsed, line=1), []


def _answer(kind: str, row: AnswerInput) -> Answer:
    weight = row.weight if row.weight is not None else (100.0 if kind != "multichoice" else 0.0)
    if kind == "matching":
        return Answer(row.text.strip(), 1.0, None, row.match.strip())
    if kind == "numerical":
        return Answer(
            row.text.strip(), weight / 100, _none(row.feedback), None, row.tolerance or 0.0
        )
    return Answer(row.text.strip(), weight / 100, _none(row.feedback))


def as_input(question: Question) -> QuestionInput:
    """The form's values for a stored question."""
    data = QuestionInput(
        type=question.type,
        title=question.title or "",
        category=question.category or "",
        text=question.text,
        general_feedback=question.general_feedback or "",
        answers=[],
    )
    if question.type == "truefalse":
        right, wrong = question.answers
        data.truth = right.text == "true"
        data.right_feedback = right.feedback or ""
        data.wrong_feedback = wrong.feedback or ""
        return data
    data.answers = [
        AnswerInput(
            a.text,
            round(a.fraction * 100, 4),
            a.feedback or "",
            a.match or "",
            a.tolerance,
        )
        for a in question.answers
    ]
    return data
