"""Scoring one response to one question: credit 0..1, feedback, and no exceptions for bad input."""

from __future__ import annotations

import pytest

from learnapp.gift.model import Question
from learnapp.gift.parse import load_gift
from learnapp.quizzes.scoring import (
    NotGradableError,
    feedback_for,
    is_correct,
    parse_number,
    score,
)


def question(text: str) -> Question:
    (only,) = load_gift(text)
    return only


MULTICHOICE = question("Vem larmar? {=Du#Rätt. ~%50%Chefen#Delvis. ~%-50%Ingen#Fel. ~Vänta}")
MULTIRESPONSE = question(
    "Vad ingår i brandskyddsronden? {"
    "~%50%Nödutgångar#Ja. ~%50%Släckare ~%-100%Kilar under branddörrar#Nej! ~Kaffebryggaren}"
)
THIRDS = question("Välj tre. {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
TRUE = question("Solen är en stjärna. {T#Fel, den är en stjärna.#Rätt.}")
FALSE = question("Man får låsa nödutgångar. {F#Nej, aldrig.#Rätt.}")
SHORT = question(
    "Sveriges huvudstad? {=Stockholm#Rätt. =%50%Sthlm#Skriv hela namnet. =Stock*m#Stavat fritt."
    " =%0%*#Fel stad.}"
)
MATCHING = question(
    "Para ihop. {=Sverige -> Stockholm =Norge -> Oslo =Åland -> Mariehamn = -> Åbo}"
)
NUMERICAL = question("Hur många minuter? {# =%100%3:0.5#Exakt. =%50%3:1.5#Nära. ~#Läs igen.}")
RANGE = question("Ett tal mellan ett och fem. {#1..5}")
ESSAY = question("Beskriv. {}")
DESCRIPTION = question("Läs detta först.")


# --- multichoice ---------------------------------------------------------------------------------


def test_multichoice_right_answer_scores_one() -> None:
    assert score(MULTICHOICE, 0) == 1.0


def test_multichoice_partial_credit() -> None:
    assert score(MULTICHOICE, 1) == 0.5


def test_multichoice_negative_weight_is_floored_at_zero() -> None:
    assert score(MULTICHOICE, 2) == 0.0


def test_multichoice_accepts_index_as_form_string() -> None:
    assert score(MULTICHOICE, " 0 ") == 1.0


@pytest.mark.parametrize("response", [None, -1, 4, 99, True, 0.0, "noll", "", [0], {0}])
def test_multichoice_invalid_response_scores_zero(response: object) -> None:
    assert score(MULTICHOICE, response) == 0.0


# --- multiresponse -------------------------------------------------------------------------------


def test_multiresponse_all_right_choices_score_one() -> None:
    assert score(MULTIRESPONSE, {0, 1}) == 1.0


def test_multiresponse_half_the_right_choices_score_half() -> None:
    assert score(MULTIRESPONSE, {0}) == 0.5


def test_multiresponse_wrong_choice_with_no_weight_costs_nothing() -> None:
    assert score(MULTIRESPONSE, {0, 1, 3}) == 1.0


def test_multiresponse_negative_weight_subtracts() -> None:
    assert score(MULTIRESPONSE, {0, 1, 2}) == 0.0


def test_multiresponse_total_is_floored_at_zero() -> None:
    assert score(MULTIRESPONSE, {2}) == 0.0


def test_multiresponse_three_thirds_count_as_full_credit() -> None:
    assert score(THIRDS, [0, 1, 2]) == 1.0
    assert is_correct(THIRDS, (0, 1, 2))


def test_multiresponse_duplicates_count_once() -> None:
    assert score(MULTIRESPONSE, [0, 0, 0]) == 0.5


def test_multiresponse_nothing_chosen_scores_zero() -> None:
    assert score(MULTIRESPONSE, set()) == 0.0


@pytest.mark.parametrize("response", [None, 0, "01", {0: 1}, {0, 9}, {0, -1}, [0, "x"], {True}])
def test_multiresponse_invalid_response_scores_zero(response: object) -> None:
    assert score(MULTIRESPONSE, response) == 0.0


# --- true/false ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "response", "expected"),
    [(TRUE, True, 1.0), (TRUE, False, 0.0), (FALSE, False, 1.0), (FALSE, True, 0.0)],
)
def test_truefalse(item: Question, response: bool, expected: float) -> None:
    assert score(item, response) == expected


def test_truefalse_accepts_form_strings() -> None:
    assert score(FALSE, "false") == 1.0
    assert score(TRUE, " True ") == 1.0


@pytest.mark.parametrize("response", [None, 1, "ja", "", [True]])
def test_truefalse_invalid_response_scores_zero(response: object) -> None:
    assert score(TRUE, response) == 0.0


# --- short answer --------------------------------------------------------------------------------


def test_shortanswer_ignores_case_and_outer_spaces() -> None:
    assert score(SHORT, "  sTOCKHOLM ") == 1.0


def test_shortanswer_collapses_inner_spaces() -> None:
    question_with_space = question("Älven? {=Göta älv}")
    assert score(question_with_space, "göta   ÄLV") == 1.0


def test_shortanswer_partial_credit() -> None:
    assert score(SHORT, "sthlm") == 0.5


def test_shortanswer_best_matching_answer_wins() -> None:
    assert score(SHORT, "Stockholm") == 1.0
    assert feedback_for(SHORT, "Stockholm") == ("Rätt.",)


def test_shortanswer_wildcard() -> None:
    assert score(SHORT, "Stockhulm") == 1.0


def test_shortanswer_catch_all_gives_its_feedback_and_no_credit() -> None:
    assert score(SHORT, "Oslo") == 0.0
    assert feedback_for(SHORT, "Oslo") == ("Fel stad.",)


def test_shortanswer_escaped_star_is_literal() -> None:
    starred = question(r"Tecknet? {=a\*b}")
    assert (score(starred, "a*b"), score(starred, "axxb")) == (1.0, 0.0)


def test_shortanswer_decomposed_swedish_letters_match() -> None:
    decomposed = "Go\u0308ta a\u0308lv"  # "Göta älv" as some keyboards send it
    assert score(question("Älven? {=Göta älv}"), decomposed) == 1.0


@pytest.mark.parametrize("response", [None, "", "   ", 42, ["Stockholm"]])
def test_shortanswer_missing_or_invalid_scores_zero(response: object) -> None:
    exact = question("Huvudstad? {=Stockholm}")
    assert score(exact, response) == 0.0


# --- matching ------------------------------------------------------------------------------------


def test_matching_all_pairs_right() -> None:
    assert score(MATCHING, {0: "Stockholm", 1: "Oslo", 2: "Mariehamn"}) == 1.0


def test_matching_share_of_right_pairs() -> None:
    assert score(MATCHING, {0: "Stockholm", 1: "Åbo", 2: "Oslo"}) == pytest.approx(1 / 3)


def test_matching_missing_pairs_count_as_wrong() -> None:
    assert score(MATCHING, {0: "Stockholm", 1: "Oslo"}) == pytest.approx(2 / 3)


def test_matching_accepts_string_keys_from_a_form() -> None:
    assert score(MATCHING, {"0": "Stockholm", "1": "Oslo", "2": " Mariehamn "}) == 1.0


def test_matching_extra_option_cannot_earn_credit() -> None:
    assert score(MATCHING, {3: "Åbo"}) == 0.0


@pytest.mark.parametrize("response", [None, "Stockholm", [("0", "Stockholm")], {0: 1, "x": "y"}])
def test_matching_invalid_response_scores_zero(response: object) -> None:
    assert score(MATCHING, response) == 0.0


# --- numerical -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3", 1.0),
        ("3.5", 1.0),
        ("2,5", 1.0),
        (3.4, 1.0),
        (3, 1.0),
        ("4", 0.5),
        ("1,5", 0.5),
        ("4.6", 0.0),
        ("-3", 0.0),
    ],
)
def test_numerical_tolerance_and_weights(response: object, expected: float) -> None:
    assert score(NUMERICAL, response) == expected


def test_numerical_range() -> None:
    assert [score(RANGE, value) for value in ("1", "5", "0,99", "5.01", "3")] == [1, 1, 0, 0, 1]


def test_numerical_float_rounding_does_not_cost_credit() -> None:
    assert score(question("Q {#0.3}"), 0.1 + 0.2) == 1.0


def test_numerical_feedback_for_best_and_for_other_answers() -> None:
    assert feedback_for(NUMERICAL, "3") == ("Exakt.",)
    assert feedback_for(NUMERICAL, "4") == ("Nära.",)
    assert feedback_for(NUMERICAL, "9") == ("Läs igen.",)


@pytest.mark.parametrize("response", [None, "", "tre", "3,5.1", "1,2,3", "nan", "inf", True, [3]])
def test_numerical_invalid_response_scores_zero(response: object) -> None:
    assert score(NUMERICAL, response) == 0.0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("−3", -3.0),
        ("1 000", 1000.0),
        ("1\u00a0000,5", 1000.5),
        (" 7 ", 7.0),
        ("1e3", 1000.0),
        (4, 4.0),
        (0.5, 0.5),
    ],
)
def test_parse_number_reads_swedish_and_plain_numbers(text: object, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.000,5", "", "abc", float("nan"), float("inf"), False, None])
def test_parse_number_rejects_what_is_not_a_number(text: object) -> None:
    assert parse_number(text) is None


# --- feedback and not gradable -------------------------------------------------------------------


def test_feedback_for_multichoice_is_the_chosen_answers() -> None:
    assert feedback_for(MULTICHOICE, 1) == ("Delvis.",)
    assert feedback_for(MULTICHOICE, 3) == ()


def test_feedback_for_multiresponse_in_answer_order() -> None:
    assert feedback_for(MULTIRESPONSE, {2, 0}) == ("Ja.", "Nej!")


def test_feedback_for_truefalse_right_and_wrong() -> None:
    assert feedback_for(TRUE, True) == ("Rätt.",)
    assert feedback_for(TRUE, False) == ("Fel, den är en stjärna.",)
    assert feedback_for(FALSE, True) == ("Nej, aldrig.",)


def test_feedback_for_invalid_response_is_empty() -> None:
    assert feedback_for(MULTICHOICE, "x") == ()


def test_feedback_for_ungradable_question_is_empty() -> None:
    assert feedback_for(ESSAY, "text") == ()


def test_is_correct_only_for_full_credit() -> None:
    assert is_correct(MULTICHOICE, 0)
    assert not is_correct(MULTICHOICE, 1)


@pytest.mark.parametrize("item", [ESSAY, DESCRIPTION], ids=["essay", "description"])
def test_ungradable_question_raises(item: Question) -> None:
    with pytest.raises(NotGradableError):
        score(item, "något")
