"""Pure scoring of one learner's response to one GIFT question, as a share 0.0..1.0.

Response shapes (anything else, or a missing response, scores 0.0 and never raises):

* multichoice: the chosen answer's index, ``int`` (a string of digits from a form is accepted);
* multiresponse: the chosen indices, any collection of such indices (not a string);
* truefalse: ``bool`` (or the strings "true"/"false");
* shortanswer: ``str``; trimmed, spaces collapsed, letter case ignored; ``*`` in an answer is a
  wildcard and ``\\*`` a literal star (Moodle's rules);
* matching: ``{left_index: right_text}``, the index being the pair's place in
  ``question.answers``; the share of pairs that are right;
* numerical: ``str``, ``int`` or ``float``; "2,5" (Swedish decimal comma), "−3" and
  "1 000" are read too.

Negative credit (``~%-100%``) is floored at 0 per question, and credit within
``FRACTION_TOLERANCE`` of 1 (e.g. three answers of 33.333 %) counts as exactly 1. Essay and
description questions are not gradable: :func:`score` raises :class:`NotGradableError` for them,
which is a mistake in the caller, not in the learner's input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

from learnapp.gift.model import CATCH_ALL, FRACTION_TOLERANCE, Answer, Question

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DIGITS = re.compile(r"[0-9]+")
_SPACES = dict.fromkeys(map(ord, " \u00a0\u2009\u202f"), None)


class NotGradableError(Exception):
    """Raised when asked to score an essay or description question."""


def score(question: Question, response: object) -> float:
    """Credit for the response, 0.0..1.0."""
    credit, _ = _evaluate(question, response)
    if credit >= 1 - FRACTION_TOLERANCE:
        return 1.0
    return max(credit, 0.0)


def is_correct(question: Question, response: object) -> bool:
    """True when the response earns full credit."""
    return score(question, response) == 1.0


def feedback_for(question: Question, response: object) -> tuple[str, ...]:
    """The answer feedback texts to show for this response, in answer order.

    True/false shows the feedback of the value the learner chose (so the "wrong" text when the
    choice was wrong); numerical falls back to the ``~#...`` text for other answers. Essay,
    description and matching questions have no answer feedback and give ``()``.
    """
    if not question.gradable:
        return ()
    _, chosen = _evaluate(question, response)
    return tuple(answer.feedback for answer in chosen if answer.feedback)


def parse_number(response: object) -> float | None:
    """A learner's number, or None: accepts "2,5", "2.5", "-3", "−3", "1 000", 2.5."""
    if isinstance(response, bool):
        return None
    if isinstance(response, int | float):
        value = float(response)
        return value if math.isfinite(value) else None
    if not isinstance(response, str):
        return None
    text = response.strip().replace("\u2212", "-").translate(_SPACES)
    if "," in text:
        if "." in text:
            return None
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _evaluate(question: Question, response: object) -> tuple[float, list[Answer]]:
    """Raw credit and the answers the response picked (for feedback)."""
    answers = question.answers
    match question.type:
        case "multichoice":
            index = _index(response, len(answers))
            if index is None:
                return 0.0, []
            return answers[index].fraction, [answers[index]]
        case "multiresponse":
            indices = _indices(response, len(answers))
            if indices is None:
                return 0.0, []
            chosen = [answers[index] for index in sorted(indices)]
            return sum(answer.fraction for answer in chosen), chosen
        case "truefalse":
            value = _bool(response)
            if value is None:
                return 0.0, []
            picked = [answer for answer in answers if answer.text == str(value).lower()]
            return (picked[0].fraction, picked[:1]) if picked else (0.0, [])
        case "shortanswer":
            return _best(_shortanswer_matches(answers, response))
        case "numerical":
            return _numerical(answers, response)
        case "matching":
            return _matching(answers, response), []
        case _:
            raise NotGradableError(f"a {question.type} question is not gradable")


def _index(response: object, count: int) -> int | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, str) and _DIGITS.fullmatch(response.strip()):
        response = int(response.strip())
    if isinstance(response, int) and 0 <= response < count:
        return response
    return None


def _indices(response: object, count: int) -> set[int] | None:
    if isinstance(response, str | bytes | Mapping) or not isinstance(response, Iterable):
        return None
    indices = set()
    for item in response:
        index = _index(item, count)
        if index is None:
            return None
        indices.add(index)
    return indices


def _bool(response: object) -> bool | None:
    if isinstance(response, bool):
        return response
    if isinstance(response, str):
        return {"true": True, "false": False}.get(response.strip().lower())
    return None


def _best(matching: list[Answer]) -> tuple[float, list[Answer]]:
    if not matching:
        return 0.0, []
    best = max(matching, key=lambda answer: answer.fraction)  # first of equals wins
    return best.fraction, [best]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _shortanswer_matches(answers: tuple[Answer, ...], response: object) -> list[Answer]:
    if not isinstance(response, str) or not response.strip():
        return []
    given = _normalise(response)
    return [answer for answer in answers if _wildcard(_normalise(answer.text)).fullmatch(given)]


def _wildcard(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\\\*|\*)", pattern)
    regex = "".join(
        ".*" if part == "*" else re.escape("*" if part == "\\*" else part) for part in parts
    )
    return re.compile(regex, re.DOTALL)


def _numerical(answers: tuple[Answer, ...], response: object) -> tuple[float, list[Answer]]:
    value = parse_number(response)
    if value is None:
        return 0.0, []
    hits = []
    for answer in answers:
        if answer.text == CATCH_ALL:
            continue
        target = parse_number(answer.text)
        tolerance = answer.tolerance or 0.0
        # A little slack so that 0.1 + 0.2 is inside "0.3:0".
        if target is not None and abs(value - target) <= tolerance + 1e-9 * max(1, abs(target)):
            hits.append(answer)
    if hits:
        return _best(hits)
    other = [answer for answer in answers if answer.text == CATCH_ALL]
    return 0.0, other[:1]


def _matching(answers: tuple[Answer, ...], response: object) -> float:
    if not isinstance(response, Mapping):
        return 0.0
    given: dict[int, str] = {}
    for key, value in response.items():
        index = _index(key, len(answers))
        if index is not None and isinstance(value, str):
            given[index] = unicodedata.normalize("NFC", value.strip())
    pairs = [(index, answer) for index, answer in enumerate(answers) if answer.text]
    if not pairs:
        return 0.0
    right = sum(
        1
        for index, answer in pairs
        if given.get(index) == unicodedata.normalize("NFC", answer.match or "")
    )
    return right / len(pairs)
