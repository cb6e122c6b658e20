"""Writing GIFT: what is written reads back as equal questions."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from learnapp.gift.model import BLANK, TEXT_FORMATS, Answer, Question, QuestionType, TextFormat
from learnapp.gift.parse import parse_gift
from learnapp.gift.write import escape, question_to_gift, to_gift

EVERY_CONSTRUCT = r"""
// Frågor till kursen Brandskydd på arbetsplatsen
$CATEGORY: $course$/Brandskydd/Grunder

::Larm 1::[markdown]Vilket nummer ringer du vid **brand**? {
    =112#Rätt – SOS Alarm.
    ~114 14#Det är polisens nummer för icke-akuta ärenden.
    ~1177
    ####Ring alltid 112 när liv eller egendom är i fara.
}

::Utrymning::Vid brand ska du {~vänta på chefen =utrymma ~släcka själv} genast.

Vilka av dessa hör till en brandskyddsrond? {
    ~%50%Kontrollera nödutgångar#Ja.
    ~%50%Kontrollera brandsläckare
    ~%-100%Ställa upp branddörrar med kil#Nej, aldrig!
}

Välj de tre rätta. {~%33.33333%a ~%33.33333%b ~%33.33333%c ~d}

Delvis rätt går också. {=Göra rätt ~%50%Göra nästan rätt ~Göra fel}

Man får ställa saker i utrymningsvägen om det är tillfälligt. {F#Tyvärr fel.#Rätt, aldrig.}

Brandvarnare ska testas regelbundet.{TRUE}

[html]<p>Sant?</p>{T##Bra!}

Vad heter Sveriges huvudstad? {=Stockholm =%50%Sthlm#Skriv hela namnet. ####Stockholm.}

Para ihop rätt. {
    =Sverige -> Stockholm
    =Norge -> Oslo
    =Danmark -> Köpenhamn
    = -> Helsingfors
}

Hur många minuter tar en utrymning högst? {#3:0.5}

Ange ett tal mellan ett och fem. {#1..5}

När grundades Göteborg? {#
    =1621:0#Exakt!
    =%50%1621:2#Nästan.
    ~#Se kapitel 2.
}

$CATEGORY: $course$/Brandskydd/Fördjupning

::Reflektion::[plain]Beskriv hur du agerar vid ett brandlarm. {####Diskutera med din chef.}

Läs avsnittet om brandskydd innan du fortsätter.

Specialtecken\: \~ \= \# \{ \} \\ och\nny rad. {=a\=b#c\#d ~e\~f}

$CATEGORY:

[moodle]// Text som liknar en kommentar {T}
"""


def test_fixture_covers_every_question_type() -> None:
    result = parse_gift(EVERY_CONSTRUCT)
    assert result.errors == ()
    assert {q.type for q in result.questions} == {
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "matching",
        "numerical",
        "essay",
        "description",
    }


def test_round_trip_of_every_construct() -> None:
    first = parse_gift(EVERY_CONSTRUCT)
    again = parse_gift(to_gift(first.questions))
    assert again.errors == ()
    assert again.questions == first.questions


def test_round_trip_keeps_categories_titles_formats_and_feedback() -> None:
    first = parse_gift(EVERY_CONSTRUCT).questions
    again = parse_gift(to_gift(first)).questions
    keys = [(q.category, q.title, q.text_format, q.general_feedback) for q in first]
    assert [(q.category, q.title, q.text_format, q.general_feedback) for q in again] == keys


def test_writing_is_stable() -> None:
    written = to_gift(parse_gift(EVERY_CONSTRUCT).questions)
    assert to_gift(parse_gift(written).questions) == written


FIXTURE_QUESTIONS = parse_gift(EVERY_CONSTRUCT).questions


@pytest.mark.parametrize(
    "question", FIXTURE_QUESTIONS, ids=[f"line{q.line}-{q.type}" for q in FIXTURE_QUESTIONS]
)
def test_each_fixture_question_round_trips_alone(question: Question) -> None:
    assert parse_gift(to_gift([question])).questions == (question,)


def test_layout_follows_moodle_export() -> None:
    question = parse_gift("::T::Vem larmar? {=Du#Ja ~Chefen ####Alla.}").questions[0]
    assert question_to_gift(question) == "::T::Vem larmar? {\n\t=Du#Ja\n\t~Chefen\n\t####Alla.\n}"


def test_category_line_is_written_when_the_category_changes() -> None:
    questions = parse_gift("$CATEGORY: a\n\nQ1 {T}\n\nQ2 {F}\n\n$CATEGORY: b\n\nQ3 {T}").questions
    assert to_gift(questions) == (
        "$CATEGORY: a\n\nQ1 {TRUE}\n\nQ2 {FALSE}\n\n$CATEGORY: b\n\nQ3 {TRUE}\n"
    )


def test_question_without_category_after_one_with_resets_it() -> None:
    questions = parse_gift("$CATEGORY: a\n\nQ1 {T}\n\n$CATEGORY:\n\nQ2 {T}").questions
    assert "$CATEGORY:\n\nQ2" in to_gift(questions)
    assert parse_gift(to_gift(questions)).questions == questions


def test_no_questions_give_empty_text() -> None:
    assert to_gift([]) == ""


def test_escape_covers_every_special_character() -> None:
    assert escape("~=#{}:\\\n") == "\\~\\=\\#\\{\\}\\:\\\\\\n"


def test_block_goes_back_into_the_gap() -> None:
    question = parse_gift("Vid brand ska du {=larma ~vänta} först.").questions[0]
    assert question_to_gift(question).startswith("Vid brand ska du {\n")
    assert question_to_gift(question).endswith("} först.")


def test_literal_blank_at_the_end_of_the_text_stays_text() -> None:
    question = parse_gift(f"Fyll i: {BLANK} {{=x}}").questions[0]
    assert question.text == f"Fyll i: {BLANK}"
    assert parse_gift(to_gift([question])).questions == (question,)


@pytest.mark.parametrize(
    "text", ["[html] är en tagg", "// inte en kommentar", "$CATEGORY: inte en kategori", "::x"]
)
def test_text_that_looks_like_syntax_is_protected(text: str) -> None:
    question = Question(1, "truefalse", None, None, text, "moodle", _tf(), None)
    assert parse_gift(to_gift([question])).questions == (question,)


def test_answer_starting_with_percent_or_bracket_is_protected() -> None:
    answers = (Answer("%50 rabatt", 1.0), Answer("[html] text", 0.0), Answer("%x", 0.0))
    question = Question(1, "multichoice", None, None, "Q", "moodle", answers, None)
    assert parse_gift(to_gift([question])).questions == (question,)


def test_multichoice_with_two_full_answers_stays_multichoice() -> None:
    answers = (Answer("a", 1.0), Answer("b", 1.0))
    question = Question(1, "multichoice", None, None, "Q", "moodle", answers, None)
    assert parse_gift(to_gift([question])).questions == (question,)


def test_multiresponse_with_one_full_answer_stays_multiresponse() -> None:
    answers = (Answer("a", 1.0), Answer("b", 0.0))
    question = Question(1, "multiresponse", None, None, "Q", "moodle", answers, None)
    assert "~%100%a" in to_gift([question])
    assert parse_gift(to_gift([question])).questions == (question,)


def test_numerical_range_is_written_as_value_and_tolerance() -> None:
    question = parse_gift("Q {#1..5}").questions[0]
    assert question_to_gift(question) == "Q {#\n\t=3:2\n}"


def test_weights_are_written_with_their_decimals() -> None:
    question = parse_gift("Q {~%33.33333%a ~%66.66667%b}").questions[0]
    assert "~%33.33333%a" in question_to_gift(question)


def test_truefalse_with_only_right_feedback_keeps_an_empty_wrong_slot() -> None:
    question = parse_gift("Q {F##Rätt}").questions[0]
    assert question_to_gift(question) == "Q {FALSE##Rätt}"


def test_left_side_with_an_arrow_cannot_be_written() -> None:
    answers = (Answer("a -> b", 1.0, match="1"), Answer("c", 1.0, match="2"))
    question = Question(1, "matching", None, None, "Q", "moodle", answers, None)
    with pytest.raises(ValueError, match="->"):
        to_gift([question])


def test_short_answer_with_an_arrow_cannot_be_written() -> None:
    question = Question(1, "shortanswer", None, None, "Q", "moodle", (Answer("x->y", 1.0),), None)
    with pytest.raises(ValueError, match="->"):
        to_gift([question])


def test_description_with_general_feedback_cannot_be_written() -> None:
    question = Question(1, "description", None, None, "Q", "moodle", (), "gf")
    with pytest.raises(ValueError, match="description"):
        to_gift([question])


# --- property: random questions read back as themselves ------------------------------------------

_ALPHABET = "abc xyzåäöÅÄÖé0123456789~=#{}:\\\n[]%/$-_>*.,!?"


def _text(rng: random.Random, *, arrow: bool = True) -> str:
    while True:
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 24)))
        if rng.random() < 0.1:
            text = rng.choice(["[html]", "[markdown]", "//", "$CATEGORY:", "::", "%5%"]) + text
        if rng.random() < 0.1:
            text += " " + BLANK + rng.choice(["", " mer"])
        text = text.strip()
        if text and (arrow or "->" not in text):
            return text


def _maybe(rng: random.Random, **kwargs: bool) -> str | None:
    return _text(rng, **kwargs) if rng.random() < 0.5 else None


def _tf(feedback_right: str | None = None, feedback_wrong: str | None = None) -> tuple[Answer, ...]:
    return Answer("true", 1.0, feedback_right), Answer("false", 0.0, feedback_wrong)


def _random_answers(rng: random.Random, qtype: QuestionType) -> list[Answer]:
    if qtype == "multichoice":
        extra = [rng.choice([0.0, 0.5, -0.25, 1.0]) for _ in range(rng.randint(1, 4))]
        return [Answer(_text(rng), fraction, _maybe(rng)) for fraction in [1.0, *extra]]
    if qtype == "multiresponse":
        share = float("33.33333") / 100  # as the parser builds it from "%33.33333%"
        fractions = [share, share, share, rng.choice([0.0, -1.0]), 0.0]
        return [Answer(_text(rng), fraction, _maybe(rng)) for fraction in fractions]
    if qtype == "truefalse":
        value, other = rng.choice([("true", "false"), ("false", "true")])
        return [Answer(value, 1.0, _maybe(rng)), Answer(other, 0.0, _maybe(rng))]
    if qtype == "shortanswer":
        extra = [rng.choice([0.5, 0.1]) for _ in range(rng.randint(0, 2))]
        return [
            Answer(_text(rng, arrow=False), fraction, _maybe(rng, arrow=False))
            for fraction in [1.0, *extra]
        ]
    if qtype == "matching":
        pairs = [
            Answer(_text(rng, arrow=False), 1.0, match=_text(rng)) for _ in range(rng.randint(2, 4))
        ]
        distractor = [Answer("", 0.0, match=_text(rng))] if rng.random() < 0.5 else []
        return pairs + distractor
    if qtype == "numerical":
        numbers = [
            Answer(
                rng.choice(["3", "-2.5", "1621", "0.001", "1e+20"]),
                fraction,
                _maybe(rng),
                tolerance=rng.choice([0.0, 0.5, 2.0]),
            )
            for fraction in (1.0, 0.5)
        ]
        catch_all = [Answer("*", 0.0, _maybe(rng))] if rng.random() < 0.5 else []
        return numbers + catch_all
    return []


def _random_question(rng: random.Random, qtype: QuestionType) -> Question:
    text_format: TextFormat = rng.choice(TEXT_FORMATS)
    return Question(
        line=1,
        type=qtype,
        title=_maybe(rng),
        category=rng.choice([None, "$course$/Brand", "Hot och våld/Grund"]),
        text=_text(rng),
        text_format=text_format,
        answers=tuple(_random_answers(rng, qtype)),
        general_feedback=None if qtype == "description" else _maybe(rng),
    )


ALL_TYPES: list[QuestionType] = [
    "multichoice",
    "multiresponse",
    "truefalse",
    "shortanswer",
    "matching",
    "numerical",
    "essay",
    "description",
]


@pytest.mark.parametrize("qtype", ALL_TYPES)
def test_random_questions_read_back_as_themselves(qtype: QuestionType) -> None:
    rng = random.Random(f"gift-{qtype}")
    questions = [_random_question(rng, qtype) for _ in range(150)]
    result = parse_gift(to_gift(questions))
    assert result.errors == ()
    for written, read in zip(questions, result.questions, strict=True):
        assert read == written, to_gift([written])


@pytest.mark.parametrize("source", ["Hej? {T}\n", "::T::Hej? {T}\n", "Beskrivning.\n"])
def test_a_question_text_starting_with_u_feff_keeps_it_through_a_round_trip(source: str) -> None:
    question = replace(parse_gift(source).questions[0], text="\ufeffHej?")
    written = to_gift([question])
    assert parse_gift(written).questions == (question,)
    assert to_gift(parse_gift(written).questions) == written
