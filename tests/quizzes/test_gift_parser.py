"""Reading GIFT: every construct, and every problem with its line and code."""

from __future__ import annotations

import random

import pytest

from learnapp.gift.model import (
    BLANK,
    MESSAGES,
    Answer,
    GiftError,
    GiftIssue,
    Question,
    question_to_json,
)
from learnapp.gift.parse import load_gift, parse_gift


def one(text: str) -> Question:
    result = parse_gift(text)
    assert result.errors == (), [str(error) for error in result.errors]
    assert len(result.questions) == 1
    return result.questions[0]


def only_issue(text: str) -> GiftIssue:
    result = parse_gift(text)
    assert result.questions == ()
    assert len(result.errors) == 1, [str(error) for error in result.errors]
    return result.errors[0]


# --- question types ----------------------------------------------------------------------------


def test_multichoice_with_one_right_answer() -> None:
    question = one("Vilket nummer ringer man vid brand? {=112 ~114 14 ~1177}")
    assert question.type == "multichoice"
    assert question.text == "Vilket nummer ringer man vid brand?"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("112", 1.0),
        ("114 14", 0.0),
        ("1177", 0.0),
    ]


def test_multichoice_answer_feedback_follows_hash() -> None:
    question = one("Vem larmar? {=Du#Rätt, alla kan larma. ~Chefen#Nej, vänta inte.}")
    assert question.answers[0].feedback == "Rätt, alla kan larma."
    assert question.answers[1].feedback == "Nej, vänta inte."


def test_multichoice_keeps_partial_credit_for_a_wrong_choice() -> None:
    question = one("Q {=rätt ~%50%halvrätt ~fel}")
    assert question.type == "multichoice"
    assert [a.fraction for a in question.answers] == [1.0, 0.5, 0.0]


def test_multiresponse_from_weights_without_equals() -> None:
    question = one("Välj två {~%50%a ~%50%b ~%-100%c}")
    assert question.type == "multiresponse"
    assert [a.fraction for a in question.answers] == [0.5, 0.5, -1.0]


def test_multiresponse_accepts_decimal_weights() -> None:
    question = one("Välj tre {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert question.type == "multiresponse"
    assert question.answers[0].fraction == pytest.approx(0.3333333)


def test_multiresponse_with_a_single_full_weight_answer() -> None:
    question = one("Q {~%100%a ~b ~c}")
    assert question.type == "multiresponse"


@pytest.mark.parametrize(
    ("block", "right", "wrong"),
    [
        ("T", "true", "false"),
        ("TRUE", "true", "false"),
        ("F", "false", "true"),
        ("FALSE", "false", "true"),
        ("true", "true", "false"),
        ("f", "false", "true"),
    ],
)
def test_truefalse_values(block: str, right: str, wrong: str) -> None:
    question = one(f"Solen är en stjärna. {{{block}}}")
    assert question.type == "truefalse"
    assert [(a.text, a.fraction) for a in question.answers] == [(right, 1.0), (wrong, 0.0)]


def test_truefalse_first_feedback_is_for_a_wrong_answer_second_for_a_right_one() -> None:
    question = one("Man får låsa nödutgångar. {F#Nej, aldrig.#Rätt, de ska alltid vara öppna.}")
    right, wrong = question.answers
    assert (right.text, right.feedback) == ("false", "Rätt, de ska alltid vara öppna.")
    assert (wrong.text, wrong.feedback) == ("true", "Nej, aldrig.")


def test_truefalse_with_only_wrong_feedback() -> None:
    question = one("Q {TRUE#Fel svar}")
    assert question.answers[0].feedback is None
    assert question.answers[1].feedback == "Fel svar"


def test_shortanswer_accepts_several_answers() -> None:
    question = one("Vilken stad är Sveriges huvudstad? {=Stockholm =Sthlm}")
    assert question.type == "shortanswer"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("Stockholm", 1.0),
        ("Sthlm", 1.0),
    ]


def test_shortanswer_partial_credit_and_feedback() -> None:
    question = one("Q {=Göteborg =%50%Gbg#Nästan, skriv hela namnet.}")
    assert question.answers[1] == Answer("Gbg", 0.5, "Nästan, skriv hela namnet.")


def test_matching_pairs() -> None:
    question = one("Para ihop. {=Sverige -> Stockholm =Norge -> Oslo =Finland -> Helsingfors}")
    assert question.type == "matching"
    assert [(a.text, a.match, a.fraction) for a in question.answers] == [
        ("Sverige", "Stockholm", 1.0),
        ("Norge", "Oslo", 1.0),
        ("Finland", "Helsingfors", 1.0),
    ]


def test_matching_pair_without_left_side_is_an_extra_option() -> None:
    question = one("Q {=a -> 1 =b -> 2 = -> 3}")
    assert question.answers[2] == Answer("", 0.0, match="3")


def test_matching_right_side_may_contain_an_arrow() -> None:
    question = one("Q {=a -> x -> y =b -> z}")
    assert question.answers[0].match == "x -> y"


def test_numerical_with_tolerance() -> None:
    question = one("Hur många minuter? {#3:0.5}")
    assert question.type == "numerical"
    assert question.answers == (Answer("3", 1.0, tolerance=0.5),)


def test_numerical_exact_value_has_zero_tolerance() -> None:
    assert one("Q {#-2.5}").answers == (Answer("-2.5", 1.0, tolerance=0.0),)


def test_numerical_range_becomes_midpoint_and_tolerance() -> None:
    assert one("Q {#1..5}").answers == (Answer("3", 1.0, tolerance=2.0),)


def test_numerical_several_weighted_answers_with_feedback() -> None:
    question = one("Q {# =%100%3:0#Exakt =%50%3:1#Nära}")
    assert question.answers == (
        Answer("3", 1.0, "Exakt", tolerance=0.0),
        Answer("3", 0.5, "Nära", tolerance=1.0),
    )


def test_numerical_feedback_for_any_other_answer() -> None:
    question = one("Q {#=1822:0 ~#Titta i texten igen.}")
    assert question.answers[-1] == Answer("*", 0.0, "Titta i texten igen.")


def test_essay_is_read_and_not_gradable() -> None:
    question = one("Beskriv hur du agerar vid ett hot. {}")
    assert (question.type, question.answers, question.gradable) == ("essay", (), False)


def test_essay_with_general_feedback() -> None:
    assert one("Q {####Diskutera med din chef.}").general_feedback == "Diskutera med din chef."


def test_description_without_braces_is_not_gradable() -> None:
    question = one("Läs avsnittet om brandskydd innan du fortsätter.")
    assert (question.type, question.gradable) == ("description", False)
    assert question.text == "Läs avsnittet om brandskydd innan du fortsätter."


def test_gradable_types() -> None:
    assert one("Q {T}").gradable


# --- shared parts --------------------------------------------------------------------------------


def test_general_feedback_after_four_hashes() -> None:
    question = one("Q {=a#bra ~b ####Läs mer i kapitel 2.}")
    assert question.general_feedback == "Läs mer i kapitel 2."
    assert question.answers[0].feedback == "bra"


def test_title_between_double_colons() -> None:
    question = one("::Brand 1:: Vad gör du först? {=Larmar ~Släcker}")
    assert question.title == "Brand 1"
    assert question.text == "Vad gör du först?"


def test_title_with_escaped_colon() -> None:
    assert one(r"::Kl. 12\:00::Q {T}").title == "Kl. 12:00"


def test_no_title_gives_none() -> None:
    assert one("Q {T}").title is None


def test_category_applies_to_following_questions() -> None:
    result = parse_gift("Q0 {T}\n\n$CATEGORY: $course$/Brand\n\nQ1 {T}\n\nQ2 {F}\n")
    assert [q.category for q in result.questions] == [None, "$course$/Brand", "$course$/Brand"]


def test_later_category_replaces_earlier() -> None:
    result = parse_gift("$CATEGORY: a\n\nQ1 {T}\n\n$CATEGORY: a/b\n\nQ2 {T}")
    assert [q.category for q in result.questions] == ["a", "a/b"]


def test_empty_category_switches_back_to_none() -> None:
    result = parse_gift("$CATEGORY: a\n\nQ1 {T}\n\n$CATEGORY:\n\nQ2 {T}")
    assert [q.category for q in result.questions] == ["a", None]


def test_category_line_directly_above_a_question() -> None:
    result = parse_gift("$CATEGORY: Hot och våld\nQ1 {T}")
    assert result.errors == ()
    assert (result.questions[0].category, result.questions[0].line) == ("Hot och våld", 2)


def test_comment_lines_are_ignored_also_inside_a_question() -> None:
    question = one("// Fråga om larm\nVem larmar? {\n// rätt svar:\n=Du\n~Chefen\n}")
    assert question.text == "Vem larmar?"
    assert [a.text for a in question.answers] == ["Du", "Chefen"]
    assert question.line == 2


@pytest.mark.parametrize("name", ["markdown", "html", "plain", "moodle"])
def test_text_format_marker_is_recorded(name: str) -> None:
    question = one(f"::T::[{name}]Vad är **viktigast**? {{T}}")
    assert (question.text_format, question.text) == (name, "Vad är **viktigast**?")


def test_text_format_defaults_to_moodle() -> None:
    assert one("Q {T}").text_format == "moodle"


def test_unknown_bracket_text_stays_in_the_text() -> None:
    assert one("[OBS] Läs först. {T}").text == "[OBS] Läs först."


def test_format_marker_in_front_of_an_answer_is_removed() -> None:
    assert one("[html]Q {=[html]<b>a</b> ~b}").answers[0].text == "<b>a</b>"


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("\\~", "~"),
        ("\\=", "="),
        ("\\#", "#"),
        ("\\{", "{"),
        ("\\}", "}"),
        ("\\:", ":"),
        ("\\\\", "\\"),
        ("\\n", "\n"),
    ],
)
def test_escapes_in_text_and_answers(escaped: str, plain: str) -> None:
    question = one(f"a{escaped}b {{=c{escaped}d#e{escaped}f ~g}}")
    assert question.text == f"a{plain}b"
    assert question.answers[0] == Answer(f"c{plain}d", 1.0, f"e{plain}f")


def test_escaped_backslash_before_n_is_not_a_line_break() -> None:
    assert one(r"C:\\new {T}").text == "C:\\new"


def test_unknown_escape_is_kept_literally() -> None:
    assert one(r"5 \% rabatt {T}").text == "5 \\% rabatt"


def test_question_spread_over_several_lines() -> None:
    question = one("Vad gör du\nom det brinner?\n{\n  =Larmar\n  ~Väntar\n}")
    assert question.text == "Vad gör du\nom det brinner?"
    assert [a.text for a in question.answers] == ["Larmar", "Väntar"]


def test_blank_lines_separate_questions_and_lines_are_counted() -> None:
    result = parse_gift("\n\nQ1 {T}\n\n\n// c\nQ2\n{F}\n\nQ3 {=a ~b}")
    assert [(q.line, q.text) for q in result.questions] == [(3, "Q1"), (7, "Q2"), (10, "Q3")]


def test_answer_block_inside_the_text_leaves_a_blank() -> None:
    question = one("Vid brand ska du {=larma ~vänta} först.")
    assert question.text == f"Vid brand ska du {BLANK} först."
    assert question.type == "multichoice"


def test_answer_block_at_the_end_leaves_no_blank() -> None:
    assert one("Vid brand larmar du. {T}").text == "Vid brand larmar du."


def test_byte_order_mark_and_windows_line_endings() -> None:
    result = parse_gift("\ufeffQ1 {T}\r\n\r\nQ2\r\n{F}\r\n")
    assert [(q.line, q.text) for q in result.questions] == [(1, "Q1"), (3, "Q2")]


def test_swedish_letters_are_kept() -> None:
    question = one("Vad heter älven i Göteborg? {=Göta älv =Götaälv}")
    assert question.answers[0].text == "Göta älv"


def test_line_does_not_take_part_in_equality() -> None:
    first, second = parse_gift("Q {T}\n\nQ {T}").questions
    assert first == second
    assert (first.line, second.line) == (1, 3)


# --- problems --------------------------------------------------------------------------------

ERROR_CASES = [
    ("unclosed_title", "::Titel utan slut Q {T}", 1),
    ("unclosed_brace", "Q1 {T}\n\nVad gör du?\n{=a\n~b", 4),
    ("unexpected_close_brace", "Q {T}}", 1),
    ("unexpected_close_brace", "Q\n} {T", 2),
    ("nested_brace", "Q {=a {~b}", 1),
    ("two_answer_blocks", "Q {=a ~b}\nmer {=c ~d}", 2),
    ("empty_question_text", "::Titel:: {=a ~b}", 1),
    ("missing_answer_marker", "Huvudstad? {Stockholm}", 1),
    ("missing_answer_marker", "Q {x =a ~b}", 1),
    ("empty_answer", "Q {\n=a\n~\n~b\n}", 3),
    ("bad_weight", "Q {=a ~%halv%b}", 1),
    ("bad_weight", "Q {\n=a\n~%50b\n}", 3),
    ("weight_out_of_range", "Q {=a ~%150%b}", 1),
    ("negative_weight", "Q {=a =%-50%b}", 1),
    ("too_few_choices", "Q {~%100%a}", 1),
    ("no_right_answer", "Q {~a ~b ~c}", 1),
    ("no_right_answer", "Q {~%-50%a ~b}", 1),
    ("weights_do_not_add_up", "Q {~%50%a ~%30%b ~c}", 1),
    ("no_full_answer", "Q {=%50%a ~b}", 1),
    ("no_full_answer", "Q {=%50%Sthlm}", 1),
    ("no_full_answer", "Q {#=%50%3}", 1),
    ("matching_missing_arrow", "Q {\n=a -> 1\n=b\n}", 3),
    ("matching_empty_right", "Q {=a -> =b -> 2}", 1),
    ("matching_feedback", "Q {=a -> 1#bra =b -> 2}", 1),
    ("matching_too_few_pairs", "Q {=a -> 1}", 1),
    ("no_numerical_answers", "Q {#}", 1),
    ("bad_number", "Q {#tre}", 1),
    ("bad_number", "Q {#2,5}", 1),
    ("bad_number", "Q {#1..x}", 1),
    ("bad_tolerance", "Q {#3:-1}", 1),
    ("bad_tolerance", "Q {#3:lite}", 1),
    ("bad_range", "Q {#5..1}", 1),
    ("numerical_bad_other", "Q {#3 ~annat}", 1),
]


@pytest.mark.parametrize(
    ("code", "text", "line"),
    ERROR_CASES,
    ids=[f"{code}-{index}" for index, (code, _, _) in enumerate(ERROR_CASES)],
)
def test_problem_is_reported_with_code_and_line(code: str, text: str, line: int) -> None:
    result = parse_gift(text)
    assert [(e.code, e.line) for e in result.errors if e.code == code] == [(code, line)]


def test_every_message_code_has_a_test_case() -> None:
    assert {code for code, _, _ in ERROR_CASES} == set(MESSAGES)


def test_unclosed_brace_cut_by_a_blank_line_also_reports_the_stray_close() -> None:
    result = parse_gift("Q {\n=a\n\n~b\n}")
    assert [(e.code, e.line) for e in result.errors] == [
        ("unclosed_brace", 1),
        ("unexpected_close_brace", 5),
    ]


def test_decimal_comma_message_suggests_a_point() -> None:
    issue = only_issue("Q {#2,5}")
    assert issue.params == {"value": "2,5"}
    assert issue.message == "'2,5' is not a number (use a decimal point, e.g. 2.5)."


def test_issue_renders_line_and_english_message() -> None:
    issue = only_issue("Q {~a ~b}")
    assert str(issue) == (
        "line 1: None of the choices is right: mark one with '=' or give positive weights."
    )


def test_weights_message_shows_the_total() -> None:
    assert "80%" in only_issue("Q {~%50%a ~%30%b ~c}").message


def test_every_message_renders_with_its_parameters() -> None:
    for code, text, _ in ERROR_CASES:
        for issue in parse_gift(text).errors:
            assert issue.message, code


def test_all_problems_are_reported_at_once_and_good_questions_still_read() -> None:
    result = parse_gift("Q1 {T}\n\nQ2 {=a\n\nQ3 {#x}\n\nQ4 {F}")
    assert [q.text for q in result.questions] == ["Q1", "Q4"]
    assert [(e.line, e.code) for e in result.errors] == [
        (3, "unclosed_brace"),
        (5, "bad_number"),
    ]
    assert not result.ok


def test_several_problems_in_one_question_are_all_reported() -> None:
    result = parse_gift("Q {\n=a\n~%x%b\n~%y%c\n}")
    assert [(e.line, e.code) for e in result.errors] == [(3, "bad_weight"), (4, "bad_weight")]


def test_load_gift_raises_with_every_problem() -> None:
    with pytest.raises(GiftError) as caught:
        load_gift("Q1 {=a\n\nQ2 {~a ~b}")
    assert [e.code for e in caught.value.errors] == ["unclosed_brace", "no_right_answer"]
    assert "line 3: None of the choices" in str(caught.value)


def test_load_gift_returns_questions_when_all_is_well() -> None:
    assert [q.text for q in load_gift("Q1 {T}\n\nQ2 {F}")] == ["Q1", "Q2"]


def test_random_input_never_raises_and_every_problem_has_a_line_in_the_file() -> None:
    rng = random.Random("gift-fuzz")
    pieces = ["{", "}", "=", "~", "#", "####", "->", "%50%", "%x", "::", "\\", "\\n", "..", ":"]
    pieces += [
        "T",
        "a",
        "å",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "//",
        "$CATEGORY: x",
        "[html]",
        "3",
        "-",
        ",",
    ]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        result = parse_gift(text)
        line_count = text.count("\n") + 1
        assert all(1 <= error.line <= line_count for error in result.errors), text
        assert all(error.message for error in result.errors)


def test_empty_file_has_no_questions_and_no_problems() -> None:
    assert parse_gift("// bara kommentarer\n\n") == parse_gift("")
    assert parse_gift("").ok


# --- JSON contract -----------------------------------------------------------------------------


def test_json_for_multichoice() -> None:
    question = one("$CATEGORY: Brand\n::B1::Vem larmar? {=Du#Ja ~Chefen ####Alla larmar.}")
    assert question_to_json(question) == {
        "line": 2,
        "type": "multichoice",
        "title": "B1",
        "category": "Brand",
        "text": "Vem larmar?",
        "answers": [
            {"text": "Du", "fraction": 1.0, "feedback": "Ja"},
            {"text": "Chefen", "fraction": 0.0, "feedback": None},
        ],
        "general_feedback": "Alla larmar.",
    }


def test_json_for_truefalse_has_one_answer_with_the_right_value() -> None:
    question = one("Q {F#fel#rätt}")
    assert question_to_json(question)["answers"] == [
        {"text": "false", "fraction": 1.0, "feedback": "rätt"}
    ]


def test_json_for_matching_adds_match() -> None:
    question = one("Q {=a -> 1 =b -> 2}")
    assert question_to_json(question)["answers"][0] == {
        "text": "a",
        "fraction": 1.0,
        "feedback": None,
        "match": "1",
    }


def test_json_for_numerical_range_gives_midpoint_and_tolerance() -> None:
    assert question_to_json(one("Q {#1..5}"))["answers"] == [
        {"text": "3", "fraction": 1.0, "feedback": None, "tolerance": 2.0}
    ]


def test_json_fractions_are_floats_between_minus_one_and_one() -> None:
    answers = question_to_json(one("Q {~%50%a ~%50%b ~%-100%c}"))["answers"]
    assert [a["fraction"] for a in answers] == [0.5, 0.5, -1.0]
    assert all(isinstance(a["fraction"], float) for a in answers)


def test_json_for_essay_has_no_answers() -> None:
    data = question_to_json(one("Q {}"))
    assert (data["type"], data["answers"]) == ("essay", [])
