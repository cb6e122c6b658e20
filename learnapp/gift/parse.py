"""Reading the Moodle GIFT quiz format: text in, questions and line-numbered issues out.

GIFT is the plain-text quiz format Moodle reads and writes. The semantics follow Moodle's own
importer (question/format/gift/format.php); where Moodle accepts something silently broken, this
parser reports an error instead, because course content must never lose a question unnoticed.

Deliberate choices (see also the docstrings below):

* A blank line ends a question, as in Moodle. Comment lines (``//``) are dropped.
* ``{=a ~b}`` is "multichoice" (one answer to pick) as soon as any answer uses ``=``; partial
  credit for other choices (``~%50%b``) is allowed. Without any ``=`` the choices are
  "multiresponse" (tick several), and their positive weights must add up to 100 %.
* True/false feedback ``{T#first#second}``: the first text is shown when the learner answers
  wrongly, the second when the learner answers rightly (Moodle's ``split_truefalse_comment``).
  ``T``/``TRUE``/``F``/``FALSE`` are accepted in any letter case.
* Short answers are matched case-insensitively; GIFT cannot express Moodle's "case sensitive"
  option.
* Unknown escapes such as ``\\x`` are kept literally (backslash included), as Moodle does.
* Format markers (``[html]`` ...) are recorded for the question text. Answer and feedback texts
  share the question's format; a marker in front of them is accepted and removed.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Literal

from learnapp.gift.model import (
    BLANK,
    CATCH_ALL,
    DEFAULT_FORMAT,
    FRACTION_TOLERANCE,
    Answer,
    GiftError,
    GiftIssue,
    GiftResult,
    Question,
    QuestionType,
    TextFormat,
    format_number,
)


def parse_gift(text: str) -> GiftResult:
    """Read GIFT text; a question with any problem is left out and its problems are listed."""
    text = text.removeprefix("\ufeff")
    questions: list[Question] = []
    errors: list[GiftIssue] = []
    category: str | None = None
    for block in _blocks(re.split(r"\r\n|\r|\n", text)):
        first = block[0][1].strip()
        if first.startswith("$CATEGORY:"):
            # An empty path switches back to "no category", which the writer relies on.
            category = first.removeprefix("$CATEGORY:").strip() or None
            block = block[1:]
            if not block:
                continue
        parser = _QuestionParser(block, category)
        question = parser.parse()
        errors.extend(parser.issues)
        if question is not None and not parser.issues:
            questions.append(question)
    return GiftResult(tuple(questions), tuple(errors))


def load_gift(text: str) -> tuple[Question, ...]:
    """Read GIFT text and return its questions, or raise :class:`GiftError` listing every issue."""
    result = parse_gift(text)
    if result.errors:
        raise GiftError(result.errors)
    return result.questions


# --- parsing ---------------------------------------------------------------------------------

# Escaped special characters become private-use characters while the structure is read, so
# that "\{" is never taken for a brace; they are turned back at the end.
_ESCAPED = "~=#{}:n"
_TO_PLACEHOLDER = {char: chr(0xF0000 + index) for index, char in enumerate(_ESCAPED)}
_FROM_PLACEHOLDER = str.maketrans(
    {chr(0xF0000 + index): ("\n" if char == "n" else char) for index, char in enumerate(_ESCAPED)}
)
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMAT_MARKER = re.compile(r"\[(moodle|html|plain|markdown)\]")

_Block = list[tuple[int, str]]


def _blocks(lines: list[str]) -> list[_Block]:
    """Group lines into questions: a blank line ends one; comment lines are dropped."""
    blocks: list[_Block] = []
    current: _Block = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append(current)
                current = []
        elif not stripped.startswith("//"):
            current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


def _escape_specials(line: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        following = line[index + 1] if index + 1 < len(line) else ""
        if char == "\\" and following == "\\":
            out.append("\\")
            index += 2
        elif char == "\\" and following in _TO_PLACEHOLDER:
            out.append(_TO_PLACEHOLDER[following])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _clean(raw: str) -> str:
    """Final text of a piece: a leading format marker removed, escapes restored, trimmed."""
    raw = raw.strip()
    marker = _FORMAT_MARKER.match(raw)
    if marker:
        raw = raw[marker.end() :]
    return raw.translate(_FROM_PLACEHOLDER).strip()


def _split_feedback(raw: str) -> tuple[str, str | None]:
    text, hash_mark, feedback = raw.partition("#")
    return _clean(text), (_clean(feedback) or None) if hash_mark else None


def _split_marked(raw: str, base: int, markers: str) -> tuple[str, list[tuple[str, int, str]]]:
    """Split at each marker character: (text before the first, [(marker, position, body)])."""
    starts = [index for index, char in enumerate(raw) if char in markers]
    parts = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(raw)
        parts.append((raw[start], base + start, raw[start + 1 : end]))
    return (raw[: starts[0]] if starts else raw), parts


def _tf_value(raw: str) -> bool | None:
    head = raw.split("#", 1)[0].strip().upper()
    return {"T": True, "TRUE": True, "F": False, "FALSE": False}.get(head)


def _parse_float(raw: str) -> float | None:
    raw = raw.strip()
    return float(raw) if _NUMBER.fullmatch(raw) else None


class _QuestionParser:
    """Reads one block of lines; problems go to ``issues`` with the best line known."""

    def __init__(self, block: _Block, category: str | None) -> None:
        self.block = block
        self.category = category
        self.start_line = block[0][0]
        self.issues: list[GiftIssue] = []
        escaped = [_escape_specials(line) for _, line in block]
        self.text = "\n".join(escaped)
        self.line_starts: list[int] = []
        offset = 0
        for line in escaped:
            self.line_starts.append(offset)
            offset += len(line) + 1

    def error(self, code: str, position: int | None = None, **params: Any) -> None:
        line = self.start_line
        if position is not None:
            line = self.block[bisect.bisect_right(self.line_starts, position) - 1][0]
        self.issues.append(GiftIssue(line, code, params))

    def parse(self) -> Question | None:
        text = self.text
        start = len(text) - len(text.lstrip())
        title: str | None = None
        if text.startswith("::", start):
            end = text.find("::", start + 2)
            if end < 0:
                self.error("unclosed_title", start)
                return None
            title = text[start + 2 : end].translate(_FROM_PLACEHOLDER).strip() or None
            start = end + 2

        span = self._answer_block(start)
        if span is False:
            return None
        if span is None:
            body = text[start:]
            answer_raw, answer_start = None, 0
        else:
            open_at, close_at = span
            after = text[close_at + 1 :]
            body = text[start:open_at] + (BLANK if after.strip() else "") + after
            answer_raw, answer_start = text[open_at + 1 : close_at], open_at + 1

        body = body.strip()
        text_format: TextFormat = DEFAULT_FORMAT
        marker = _FORMAT_MARKER.match(body)
        if marker:
            text_format = marker.group(1)  # type: ignore[assignment]
        question_text = _clean(body)
        if not question_text:
            self.error("empty_question_text")

        general_feedback: str | None = None
        if answer_raw is None:
            qtype: QuestionType = "description"
            answers: tuple[Answer, ...] = ()
        else:
            separator = answer_raw.rfind("####")
            if separator >= 0:
                general_feedback = _clean(answer_raw[separator + 4 :]) or None
                answer_raw = answer_raw[:separator]
            base = answer_start + len(answer_raw) - len(answer_raw.lstrip())
            qtype, answers = self._answers(answer_raw.strip(), base)

        return Question(
            line=self.start_line,
            type=qtype,
            title=title,
            category=self.category,
            text=question_text,
            text_format=text_format,
            answers=answers,
            general_feedback=general_feedback,
        )

    def _answer_block(self, start: int) -> tuple[int, int] | Literal[False] | None:
        """Position of the one answer block's braces, None if there is none, False on error."""
        open_at: int | None = None
        span: tuple[int, int] | None = None
        for index in range(start, len(self.text)):
            char = self.text[index]
            if char == "{":
                if open_at is not None:
                    self.error("nested_brace", index)
                    return False
                if span is not None:
                    self.error("two_answer_blocks", index)
                    return False
                open_at = index
            elif char == "}":
                if open_at is None:
                    self.error("unexpected_close_brace", index)
                    return False
                span, open_at = (open_at, index), None
        if open_at is not None:
            self.error("unclosed_brace", open_at)
            return False
        return span

    def _answers(self, raw: str, base: int) -> tuple[QuestionType, tuple[Answer, ...]]:
        # The order of these tests is Moodle's; it decides what e.g. "{=a -> b ~c}" means.
        if not raw:
            return "essay", ()
        if raw.startswith("#"):
            return "numerical", self._numerical(raw[1:], base + 1)
        if "~" in raw:
            return self._choices(raw, base)
        if "=" in raw and "->" in raw:
            return "matching", self._matching(raw, base)
        value = _tf_value(raw)
        if value is not None:
            return "truefalse", self._truefalse(raw, value)
        return "shortanswer", self._shortanswer(raw, base)

    def _weight(self, body: str, position: int, default: float) -> tuple[float, str]:
        if not body.lstrip().startswith("%"):
            return default, body
        body = body.lstrip()
        match = _WEIGHT.match(body)
        if match is None:
            shown = re.match(r"%[^%]*%?", body)
            self.error("bad_weight", position, weight=shown.group(0) if shown else body)
            return default, body
        percent = float(match.group(1))
        if abs(percent) > 100:
            self.error("weight_out_of_range", position, weight=match.group(1))
        return percent / 100, body[match.end() :]

    def _markers_only(self, prefix: str, base: int) -> None:
        if prefix.strip():
            self.error("missing_answer_marker", base, text=_clean(prefix))

    def _choices(self, raw: str, base: int) -> tuple[QuestionType, tuple[Answer, ...]]:
        prefix, parts = _split_marked(raw, base, "~=")
        self._markers_only(prefix, base)
        answers = []
        for marker, position, body in parts:
            fraction, body = self._weight(body, position, 1.0 if marker == "=" else 0.0)
            text, feedback = _split_feedback(body)
            if not text:
                self.error("empty_answer", position)
            answers.append(Answer(text, fraction, feedback))
        if len(answers) < 2:
            self.error("too_few_choices", base, count=len(answers))
        if any(marker == "=" for marker, _, _ in parts):
            if not any(answer.fraction >= 1 - FRACTION_TOLERANCE for answer in answers):
                self.error("no_full_answer", base)
            return "multichoice", tuple(answers)
        total = sum(answer.fraction for answer in answers if answer.fraction > 0)
        if total <= 0:
            self.error("no_right_answer", base)
        elif abs(total - 1) > FRACTION_TOLERANCE:
            self.error("weights_do_not_add_up", base, total=format_number(round(total * 100, 5)))
        return "multiresponse", tuple(answers)

    def _matching(self, raw: str, base: int) -> tuple[Answer, ...]:
        prefix, parts = _split_marked(raw, base, "=")
        self._markers_only(prefix, base)
        answers = []
        for _, position, body in parts:
            left, arrow, right = body.partition("->")
            if not arrow:
                self.error("matching_missing_arrow", position)
                continue
            if "#" in body:
                self.error("matching_feedback", position)
            match = right.translate(_FROM_PLACEHOLDER).strip()
            if not match:
                self.error("matching_empty_right", position)
            left_text = _clean(left)
            # A pair with an empty left side only adds a wrong option on the right (Moodle).
            answers.append(Answer(left_text, 1.0 if left_text else 0.0, match=match))
        pairs = sum(1 for answer in answers if answer.text)
        if pairs < 2 and len(answers) == len(parts):
            self.error("matching_too_few_pairs", base, count=pairs)
        return tuple(answers)

    def _truefalse(self, raw: str, value: bool) -> tuple[Answer, ...]:
        bits = raw.split("#", 2)
        wrong = _clean(bits[1]) or None if len(bits) > 1 else None
        right = _clean(bits[2]) or None if len(bits) > 2 else None
        return (
            Answer("true" if value else "false", 1.0, right),
            Answer("false" if value else "true", 0.0, wrong),
        )

    def _shortanswer(self, raw: str, base: int) -> tuple[Answer, ...]:
        prefix, parts = _split_marked(raw, base, "=")
        self._markers_only(prefix, base)
        answers = []
        for _, position, body in parts:
            fraction, body = self._weight(body, position, 1.0)
            if fraction < 0:
                self.error("negative_weight", position, weight=format_number(fraction * 100))
            text, feedback = _split_feedback(body)
            if not text:
                self.error("empty_answer", position)
            answers.append(Answer(text, fraction, feedback))
        if parts and not any(answer.fraction >= 1 - FRACTION_TOLERANCE for answer in answers):
            self.error("no_full_answer", base)
        return tuple(answers)

    def _numerical(self, raw: str, base: int) -> tuple[Answer, ...]:
        other: Answer | None = None
        tilde = raw.find("~")
        if tilde >= 0:
            rest, feedback = _split_feedback(raw[tilde + 1 :])
            if rest or "~" in raw[tilde + 1 :]:
                self.error("numerical_bad_other", base + tilde)
            other = Answer(CATCH_ALL, 0.0, feedback)
            raw = raw[:tilde]
        prefix, parts = _split_marked(raw, base, "=")
        if prefix.strip():
            parts.insert(0, ("", base + len(prefix) - len(prefix.lstrip()), prefix))
        if not parts:
            self.error("no_numerical_answers", base)
        answers = []
        for _, position, body in parts:
            fraction, body = self._weight(body, position, 1.0)
            if fraction < 0:
                self.error("negative_weight", position, weight=format_number(fraction * 100))
            spec, feedback = _split_feedback(body)
            parsed = self._number_spec(spec, position)
            if parsed is not None:
                value, tolerance = parsed
                answers.append(Answer(format_number(value), fraction, feedback, None, tolerance))
        complete = bool(parts) and len(answers) == len(parts)
        if complete and not any(answer.fraction >= 1 - FRACTION_TOLERANCE for answer in answers):
            self.error("no_full_answer", base)
        if other is not None:
            answers.append(other)
        return tuple(answers)

    def _number_spec(self, spec: str, position: int) -> tuple[float, float] | None:
        """``3``, ``3:0.5`` or ``1..5`` as (value, tolerance); a range becomes its midpoint."""
        if not spec:
            self.error("empty_answer", position)
            return None
        if ".." in spec:
            low_text, _, high_text = spec.partition("..")
            low, high = _parse_float(low_text), _parse_float(high_text)
            if low is None or high is None:
                bad = low_text if low is None else high_text
                self.error("bad_number", position, value=bad.strip())
                return None
            if low > high:
                self.error("bad_range", position, value=spec)
                return None
            return (low + high) / 2, (high - low) / 2
        value_text, colon, tolerance_text = spec.partition(":")
        value = _parse_float(value_text)
        if value is None:
            self.error("bad_number", position, value=value_text.strip())
            return None
        if not colon:
            return value, 0.0
        tolerance = _parse_float(tolerance_text)
        if tolerance is None or tolerance < 0:
            self.error("bad_tolerance", position, value=tolerance_text.strip())
            return None
        return value, tolerance
