"""The GIFT data model: questions, answers, the issues a parser reports, and the JSON shape of
the command-line contract. The parser's rules are in `learnapp.gift.parse`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

QuestionType = Literal[
    "multichoice",
    "multiresponse",
    "truefalse",
    "shortanswer",
    "matching",
    "numerical",
    "essay",
    "description",
]
TextFormat = Literal["moodle", "html", "plain", "markdown"]

TEXT_FORMATS: tuple[TextFormat, ...] = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT: TextFormat = "moodle"
BLANK = "_____"
"""Put in the question text where an answer block stood inside it (Moodle's "missing word")."""
CATCH_ALL = "*"
"""Text of a numerical answer that matches any other response (GIFT ``~#feedback``)."""
FRACTION_TOLERANCE = 1e-4
"""Weights such as 3 x 33.333 % count as 100 %."""
UNGRADABLE_TYPES = frozenset({"essay", "description"})


@dataclass(frozen=True)
class Answer:
    """One answer. ``fraction`` is the credit for it, -1.0..1.0 (``=`` is 1.0, ``~`` is 0.0).

    Matching: ``text`` is the left side (empty for an extra wrong right-side option) and
    ``match`` the right side. Numerical: ``text`` is the number (``"3"``, or ``"*"`` for the
    catch-all), ``tolerance`` the accepted error either side.
    """

    text: str
    fraction: float
    feedback: str | None = None
    match: str | None = None
    tolerance: float | None = None


@dataclass(frozen=True)
class Question:
    """One GIFT question. ``line`` is where it starts; it does not take part in equality.

    True/false questions hold two answers: first the right value ("true" or "false", fraction
    1.0, the feedback shown when answered rightly), then the other value (fraction 0.0, the
    feedback shown when answered wrongly).
    """

    line: int = field(compare=False)
    type: QuestionType
    title: str | None
    category: str | None
    text: str
    text_format: TextFormat
    answers: tuple[Answer, ...]
    general_feedback: str | None

    @property
    def gradable(self) -> bool:
        return self.type not in UNGRADABLE_TYPES


MESSAGES: Mapping[str, str] = {
    "unclosed_title": "The question title starts with '::' but has no closing '::'.",
    "unclosed_brace": "The answer block opened here with '{{' is not closed with '}}' before the "
    "question ends (a blank line ends a question).",
    "unexpected_close_brace": "There is a '}}' without an opening '{{' (write \\}} for a brace "
    "in text).",
    "nested_brace": "A '{{' inside an answer block (write \\{{ for a brace in text).",
    "two_answer_blocks": "The question has a second answer block; a question may have only one.",
    "empty_question_text": "The question has no text.",
    "missing_answer_marker": "Answer text {text!r} must start with '=' (right) or '~' (wrong).",
    "empty_answer": "An answer is empty.",
    "bad_weight": "The weight {weight!r} is not a percentage like %50% or %-100%.",
    "weight_out_of_range": "The weight {weight}% is outside -100%..100%.",
    "negative_weight": "The weight {weight}% is negative; this question type allows 0%..100%.",
    "too_few_choices": "A choice question needs at least two answers; it has {count}.",
    "no_right_answer": "None of the choices is right: mark one with '=' or give positive weights.",
    "weights_do_not_add_up": "The positive weights add up to {total}%; they must add up to 100%.",
    "no_full_answer": "No answer gives full credit (100%).",
    "matching_missing_arrow": "A matching pair must be written '=left -> right'.",
    "matching_empty_right": "A matching pair has nothing after '->'.",
    "matching_feedback": "Matching pairs cannot have feedback after '#' (write \\# for '#').",
    "matching_too_few_pairs": "A matching question needs at least two pairs; it has {count}.",
    "no_numerical_answers": "A numerical question ('{{#') has no answer.",
    "bad_number": "{value!r} is not a number (use a decimal point, e.g. 2.5).",
    "bad_tolerance": "The tolerance {value!r} is not a number of zero or more.",
    "bad_range": "The range {value!r} must go from the smaller number to the larger.",
    "numerical_bad_other": "After '~' a numerical question allows only '#feedback' for other "
    "answers.",
}


@dataclass(frozen=True)
class GiftIssue:
    """One problem in a GIFT file: a 1-based line, a message code and its parameters.

    ``code`` is stable so the web layer can translate; ``message`` is the English default.
    """

    line: int
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(**self.params)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class GiftResult:
    """Everything read from a file: the questions without problems, and all the problems."""

    questions: tuple[Question, ...]
    errors: tuple[GiftIssue, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class GiftError(ValueError):
    """Raised by :func:`load_gift` when a file has problems; ``errors`` lists them all."""

    def __init__(self, errors: Sequence[GiftIssue]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def question_to_json(question: Question) -> dict[str, Any]:
    """The question as the JSON object of the command-line contract."""
    answers = question.answers[:1] if question.type == "truefalse" else question.answers
    items: list[dict[str, Any]] = []
    for answer in answers:
        item: dict[str, Any] = {
            "text": answer.text,
            "fraction": float(answer.fraction),
            "feedback": answer.feedback,
        }
        if question.type == "matching":
            item["match"] = answer.match
        elif question.type == "numerical":
            item["tolerance"] = answer.tolerance
        items.append(item)
    return {
        "line": question.line,
        "type": question.type,
        "title": question.title,
        "category": question.category,
        "text": question.text,
        "answers": items,
        "general_feedback": question.general_feedback,
    }


def format_number(value: float) -> str:
    """Shortest text for a number: 3.0 gives "3", 2.5 gives "2.5"."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
