"""What an attempt shows and how a submitted form is read: shuffled layout, form fields, responses.

The browser only ever sees the position of a choice as it was shown, never the author's answer
order (which often puts the right answer first). Everything sent back is checked against the
layout stored on the attempt; anything else is treated as no answer.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learnapp.extensions import db
from learnapp.gift.model import Answer, Question
from learnapp.quizzes.bank import parsed
from learnapp.quizzes.models import QuizAttempt, QuizQuestion

TEXT_MAX = 500  # characters in a short or numerical answer
CHOICE_TYPES = frozenset({"multichoice", "multiresponse"})


@dataclass(frozen=True)
class Option:
    """A choice as shown: `value` is what the form sends (its shown position)."""

    value: str
    text: str
    index: int  # the answer's place in the question (never sent to the browser)


@dataclass
class ShownQuestion:
    """One question of an attempt, in the attempt's order, ready for a template."""

    number: int
    row: QuizQuestion
    question: Question
    options: list[Option] = field(default_factory=list)  # choices, or matching's right sides
    items: list[Option] = field(default_factory=list)  # matching: the left sides, as shown

    @property
    def name(self) -> str:
        return f"q{self.row.id}"

    def item_name(self, item: Option) -> str:
        return f"{self.name}-{item.value}"

    @property
    def type(self) -> str:
        return self.question.type


def make_layout(rows: Sequence[QuizQuestion], rng: random.Random) -> list[dict[str, Any]]:
    """A shuffled order of the questions and, per question, of its choices."""
    layout = []
    shuffled = [row for row in rows if parsed(row).gradable]
    rng.shuffle(shuffled)
    for row in shuffled:
        question = parsed(row)
        entry: dict[str, Any] = {"question": row.id, "order": []}
        if question.type in CHOICE_TYPES:
            entry["order"] = rng.sample(range(len(question.answers)), len(question.answers))
        elif question.type == "matching":
            lefts = [i for i, answer in enumerate(question.answers) if answer.text]
            entry["order"] = rng.sample(lefts, len(lefts))
            distinct: dict[str, int] = {}
            for i, answer in enumerate(question.answers):
                distinct.setdefault(answer.match or "", i)
            entry["options"] = rng.sample(list(distinct.values()), len(distinct))
        layout.append(entry)
    return layout


def shown_questions(attempt: QuizAttempt) -> list[ShownQuestion]:
    """The attempt's questions as they were shown, loaded in one query."""
    ids = [entry["question"] for entry in attempt.layout]
    rows = {
        row.id: row
        for row in db.session.scalars(select(QuizQuestion).where(QuizQuestion.id.in_(ids)))
    }
    shown = []
    for number, entry in enumerate(attempt.layout, start=1):
        row = rows[entry["question"]]
        question = parsed(row)
        item = ShownQuestion(number, row, question)
        answers = question.answers
        if question.type in CHOICE_TYPES:
            item.options = [
                Option(str(pos), answers[i].text, i) for pos, i in enumerate(entry["order"])
            ]
        elif question.type == "matching":
            item.items = [
                Option(str(pos), answers[i].text, i) for pos, i in enumerate(entry["order"])
            ]
            item.options = [
                Option(str(pos), answers[i].match or "", i)
                for pos, i in enumerate(entry.get("options", []))
            ]
        shown.append(item)
    return shown


def _option(options: Sequence[Option], value: str | None) -> Option | None:
    return next((option for option in options if option.value == value), None)


def read_responses(
    shown: Sequence[ShownQuestion], form: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form read against the layout: (responses by question id, errors by field name).

    A response has the scorer's shape (see scoring.py). A value that was never offered (an
    unknown choice id) is dropped as if nothing was chosen; an unanswered question is an error.
    """
    responses: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for item in shown:
        key = str(item.row.id)
        match item.type:
            case "multichoice":
                option = _option(item.options, form.get(item.name))
                if option is None:
                    errors[item.name] = _l("Choose one of the answers.")
                else:
                    responses[key] = option.index
            case "multiresponse":
                picked = {_option(item.options, value) for value in form.getlist(item.name)}
                picked.discard(None)
                if not picked:
                    errors[item.name] = _l("Choose at least one answer.")
                else:
                    responses[key] = sorted(option.index for option in picked if option)
            case "truefalse":
                value = form.get(item.name)
                if value not in ("true", "false"):
                    errors[item.name] = _l("Choose true or false.")
                else:
                    responses[key] = value == "true"
            case "shortanswer" | "numerical":
                text = (form.get(item.name) or "").strip()
                if not text:
                    errors[item.name] = _l("Write an answer.")
                elif len(text) > TEXT_MAX:
                    errors[item.name] = _l(
                        "The answer can be at most %(max)d characters.", max=TEXT_MAX
                    )
                else:
                    responses[key] = text
            case "matching":
                pairs: dict[str, str] = {}
                for left in item.items:
                    option = _option(item.options, form.get(item.item_name(left)))
                    if option is not None:
                        pairs[str(left.index)] = option.text
                if len(pairs) < len(item.items):
                    errors[item.name] = _l("Choose a match for every item.")
                else:
                    responses[key] = pairs
    return responses, errors


def given_values(shown: Sequence[ShownQuestion], responses: Mapping[str, Any]) -> dict[str, Any]:
    """Form values that show a stored response again (for the result page or a re-shown form)."""
    values: dict[str, Any] = {}
    for item in shown:
        response = responses.get(str(item.row.id))
        if response is None:
            continue
        if item.type == "multichoice":
            values[item.name] = {o.value for o in item.options if o.index == response}
        elif item.type == "multiresponse":
            values[item.name] = {o.value for o in item.options if o.index in response}
        elif item.type == "truefalse":
            values[item.name] = {"true" if response else "false"}
        elif item.type == "matching":
            for left in item.items:
                chosen = response.get(str(left.index))
                values[item.item_name(left)] = {o.value for o in item.options if o.text == chosen}
        else:
            values[item.name] = response
    return values


def right_answers(question: Question) -> list[Answer]:
    """The answers that give credit (shown once the quiz is passed)."""
    if question.type == "truefalse":
        return list(question.answers[:1])
    if question.type == "matching":
        return [answer for answer in question.answers if answer.text]
    return [answer for answer in question.answers if answer.fraction > 0]


def form_values(shown: Sequence[ShownQuestion], form: Any) -> dict[str, Any]:
    """What the person sent, to fill the form again when it is shown with errors."""
    values: dict[str, Any] = {}
    for item in shown:
        if item.type in ("shortanswer", "numerical"):
            values[item.name] = (form.get(item.name) or "")[:TEXT_MAX]
        elif item.type == "matching":
            for left in item.items:
                values[item.item_name(left)] = {form.get(item.item_name(left))}
        else:
            values[item.name] = set(form.getlist(item.name))
    return values


def describe_response(item: ShownQuestion, response: Any) -> list[str]:
    """The person's stored response as the texts they chose or wrote."""
    if response is None:
        return []
    answers = item.question.answers
    match item.type:
        case "multichoice":
            return [answers[response].text] if 0 <= response < len(answers) else []
        case "multiresponse":
            return [answers[i].text for i in response if 0 <= i < len(answers)]
        case "truefalse":
            return ["true" if response else "false"]
        case "matching":
            return [f"{left.text} → {response.get(str(left.index), '')}" for left in item.items]
        case _:
            return [str(response)]
