"""GIFT problems in the user's language (gift.py's codes and parameters, translated)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from learnapp.gift.model import GiftIssue

GIFT_MESSAGES: dict[str, LazyString] = {
    "unclosed_title": _l("The question title starts with “::” but has no closing “::”."),
    "unclosed_brace": _l(
        "The answer block opened here with “{” is not closed with “}” before the question "
        "ends (a blank line ends a question)."
    ),
    "unexpected_close_brace": _l(
        "There is a “}” without an opening “{” (write \\} for a brace in text)."
    ),
    "nested_brace": _l("A “{” inside an answer block (write \\{ for a brace in text)."),
    "two_answer_blocks": _l(
        "The question has a second answer block; a question may have only one."
    ),
    "empty_question_text": _l("The question has no text."),
    "missing_answer_marker": _l(
        "The answer text “%(text)s” must start with “=” (right) or “~” (wrong)."
    ),
    "empty_answer": _l("An answer is empty."),
    "bad_weight": _l("The weight “%(weight)s” is not a percentage like %%50%% or %%-100%%."),
    "weight_out_of_range": _l("The weight %(weight)s percent is outside -100 to 100 percent."),
    "negative_weight": _l(
        "The weight %(weight)s percent is negative; this question type allows 0 to 100 percent."
    ),
    "too_few_choices": _l("A choice question needs at least two answers; it has %(count)s."),
    "no_right_answer": _l(
        "None of the choices is right: mark one with “=” or give positive weights."
    ),
    "weights_do_not_add_up": _l(
        "The positive weights add up to %(total)s percent; they must add up to 100 percent."
    ),
    "no_full_answer": _l("No answer gives full credit (100 percent)."),
    "matching_missing_arrow": _l("A matching pair must be written “=left -> right”."),
    "matching_empty_right": _l("A matching pair has nothing after “->”."),
    "matching_feedback": _l(
        "Matching pairs cannot have feedback after “#” (write \\# for a “#” in text)."
    ),
    "matching_too_few_pairs": _l("A matching question needs at least two pairs; it has %(count)s."),
    "no_numerical_answers": _l("A numerical question (“{#”) has no answer."),
    "bad_number": _l("“%(value)s” is not a number (use a decimal point, e.g. 2.5)."),
    "bad_tolerance": _l("The tolerance “%(value)s” is not a number of zero or more."),
    "bad_range": _l("The range “%(value)s” must go from the smaller number to the larger."),
    "numerical_bad_other": _l(
        "After “~” a numerical question allows only “#feedback” for other answers."
    ),
}


def gift_message(issue: GiftIssue) -> str:
    """The problem in the user's language (English from gift.py if a code is new)."""
    message = GIFT_MESSAGES.get(issue.code)
    if message is None:
        return issue.message
    params = {key: str(value) for key, value in issue.params.items()}
    return str(message) % params if params else str(message).replace("%%", "%")


QUESTION_TYPES: dict[str, LazyString] = {
    "multichoice": _l("Multiple choice, one answer"),
    "multiresponse": _l("Multiple choice, several answers"),
    "truefalse": _l("True or false"),
    "shortanswer": _l("Short answer"),
    "matching": _l("Matching"),
    "numerical": _l("Number"),
    "essay": _l("Essay (not scored)"),
    "description": _l("Description (not scored)"),
}
