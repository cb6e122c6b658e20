"""Write questions back as GIFT, so that reading the result gives equal questions.

The layout follows Moodle's exporter (answers one per line, indented). A few things GIFT cannot
express raise ``ValueError``: a "->" in a matching question's left side or in a short answer
(both would read back as matching pairs), general feedback on a description, and a
true/false or numerical question whose answers the parser could not have produced.
"""

from __future__ import annotations

from collections.abc import Iterable

from learnapp.gift.model import (
    BLANK,
    CATCH_ALL,
    DEFAULT_FORMAT,
    FRACTION_TOLERANCE,
    Answer,
    Question,
    format_number,
)

_SPECIALS = "~=#{}:"


def to_gift(questions: Iterable[Question]) -> str:
    """GIFT text for the questions, with a ``$CATEGORY:`` line wherever the category changes."""
    chunks: list[str] = []
    category: str | None = None
    for question in questions:
        if question.category != category:
            if question.category is not None and "\n" in question.category:
                raise ValueError(f"a category cannot span lines: {question.category!r}")
            chunks.append(f"$CATEGORY: {question.category or ''}".rstrip())
            category = question.category
        chunks.append(question_to_gift(question))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def question_to_gift(question: Question) -> str:
    """One question as GIFT, without a category line."""
    head = f"::{escape(question.title)}::" if question.title is not None else ""
    text = question.text
    if question.type == "description":
        if question.general_feedback is not None or question.answers:
            raise ValueError("a description cannot have answers or general feedback")
        return head + _question_text(text, question.text_format)
    block = "{" + _answer_block(question) + "}"
    gap = _gap_position(text)
    if gap is None:
        return head + _question_text(text, question.text_format) + (" " if text else "") + block
    before, after = text[:gap], text[gap + len(BLANK) :]
    return head + _question_text(before, question.text_format) + block + escape(after)


def escape(text: str) -> str:
    """Escape GIFT's special characters and line breaks."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    for char in _SPECIALS:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _gap_position(text: str) -> int | None:
    """Where the answer block goes: the first blank that has text after it, else the end."""
    index = text.find(BLANK)
    while index >= 0:
        if text[index + len(BLANK) :].strip():
            return index
        index = text.find(BLANK, index + 1)
    return None


def _question_text(text: str, text_format: str) -> str:
    # A marker also protects text that would otherwise read as a marker, comment or category, and
    # a leading U+FEFF, which a reader takes for the file's byte-order mark when it comes first.
    if text_format != DEFAULT_FORMAT or text[:1] in ("[", "/", "$", "\ufeff"):
        return f"[{text_format}]" + escape(text)
    return escape(text)


def _part(text: str, text_format: str) -> str:
    """An answer or feedback text; a leading "[" is protected by an explicit format marker."""
    return (f"[{text_format}]" if text.startswith("[") else "") + escape(text)


def _feedback(answer: Answer, text_format: str) -> str:
    return "" if answer.feedback is None else "#" + _part(answer.feedback, text_format)


def _weight(fraction: float) -> str:
    """``%w%`` with the shortest decimals that read back as exactly this fraction."""
    percent = fraction * 100
    for decimals in range(16):
        shown = f"{percent:.{decimals}f}"
        if float(shown) / 100 == fraction:
            break
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return f"%{shown}%"


def _answer_block(question: Question) -> str:
    fmt = question.text_format
    lines: list[str] = []
    if question.type == "essay":
        return _general(question)
    if question.type == "truefalse":
        return _truefalse(question) + _general(question)
    if question.type in ("multichoice", "multiresponse"):
        # One "=" makes it multichoice; only one, so that a "~" is left to keep it a choice.
        equals_left = question.type == "multichoice"
        for answer in question.answers:
            protect = answer.text.startswith("%")
            if equals_left and answer.fraction >= 1 - FRACTION_TOLERANCE:
                equals_left = False
                marker = "=" + (_weight(answer.fraction) if answer.fraction != 1 or protect else "")
            else:
                marker = "~" + (_weight(answer.fraction) if answer.fraction != 0 or protect else "")
            lines.append(marker + _part(answer.text, fmt) + _feedback(answer, fmt))
    elif question.type == "shortanswer":
        for answer in question.answers:
            if "->" in answer.text or "->" in (answer.feedback or ""):
                raise ValueError(f"a short answer cannot contain '->': {answer.text!r}")
            protect = answer.text.startswith("%")
            weight = _weight(answer.fraction) if answer.fraction != 1 or protect else ""
            lines.append("=" + weight + _part(answer.text, fmt) + _feedback(answer, fmt))
    elif question.type == "matching":
        for answer in question.answers:
            if "->" in answer.text:
                raise ValueError(f"a matching left side cannot contain '->': {answer.text!r}")
            if answer.feedback is not None:
                raise ValueError("matching pairs cannot have feedback")
            right = escape(answer.match or "")
            lines.append(f"={_part(answer.text, fmt)} -> {right}")
    elif question.type == "numerical":
        lines = _numerical(question)
    else:
        raise ValueError(f"unknown question type {question.type!r}")
    body = "".join(f"\n\t{line}" for line in lines)
    if question.type == "numerical":
        body = "#" + body
    general = _general(question)
    return body + (f"\n\t{general}" if general else "") + "\n"


def _general(question: Question) -> str:
    if question.general_feedback is None:
        return ""
    return "####" + _part(question.general_feedback, question.text_format)


def _truefalse(question: Question) -> str:
    right = next((a for a in question.answers if a.fraction >= 1 - FRACTION_TOLERANCE), None)
    wrong = next((a for a in question.answers if a is not right), None)
    if right is None or right.text not in ("true", "false"):
        raise ValueError("a true/false question needs a right answer 'true' or 'false'")
    fmt = question.text_format
    out = "TRUE" if right.text == "true" else "FALSE"
    wrong_feedback = wrong.feedback if wrong is not None else None
    if wrong_feedback is not None or right.feedback is not None:
        out += "#" + _part(wrong_feedback or "", fmt)
    if right.feedback is not None:
        out += "#" + _part(right.feedback, fmt)
    return out


def _numerical(question: Question) -> list[str]:
    fmt = question.text_format
    lines: list[str] = []
    other: Answer | None = None
    for answer in question.answers:
        if answer.text == CATCH_ALL:
            other = answer
            continue
        try:
            value = format_number(float(answer.text))
        except ValueError:
            raise ValueError(f"not a number: {answer.text!r}") from None
        weight = _weight(answer.fraction) if answer.fraction != 1 else ""
        tolerance = format_number(answer.tolerance or 0.0)
        lines.append(f"={weight}{value}:{tolerance}" + _feedback(answer, fmt))
    if other is not None:
        lines.append("~" + _feedback(other, fmt))
    return lines
