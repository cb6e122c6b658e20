"""`flask gift check FILE [--json]`: the author's command, and the courses' quizzes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnapp.gift.parse import load_gift

COURSES = Path(__file__).resolve().parents[2] / "courses"
QUIZ_FILES = sorted(COURSES.glob("*/quiz.gift"))

SAMPLE = """$CATEGORY: prov

::Val::Vilket? {=a#ja ~b#nej}

::Sant::Sant eller falskt? {T#fel#rätt}

::Par::Para ihop. {=x -> 1 =y -> 2 = -> 3}

::Tal::Hur många? {#3:0.5 ~#annat}

::Kort::Skriv. {=svar =Svar två}

::Flera::Välj. {~%50%a ~%50%b ~%-100%c ####allmänt}

::Uppsats::Skriv fritt. {}

Bara text.
"""


def write(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "quiz.gift"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


def test_text_output_has_one_line_per_question_with_line_type_title_and_answers(runner, tmp_path):
    result = runner.invoke(args=["gift", "check", write(tmp_path, SAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == 'line 3: multichoice, "Val", 2 answers'
    assert lines[1] == 'line 5: truefalse, "Sant", 1 answer'
    assert lines[2] == 'line 7: matching, "Par", 3 answers'
    assert lines[6] == 'line 15: essay, "Uppsats", 0 answers (not gradable)'
    assert lines[7] == "line 17: description, (no title), 0 answers (not gradable)"
    assert lines[-1] == "8 questions, no errors."


def test_json_output_follows_the_contract(runner, tmp_path):
    result = runner.invoke(args=["gift", "check", write(tmp_path, SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [q["type"] for q in data] == [
        "multichoice",
        "truefalse",
        "matching",
        "numerical",
        "shortanswer",
        "multiresponse",
        "essay",
        "description",
    ]
    first = data[0]
    assert set(first) == {
        "line",
        "type",
        "title",
        "category",
        "text",
        "answers",
        "general_feedback",
    }
    assert first["line"] == 3 and first["category"] == "prov" and first["title"] == "Val"
    assert first["answers"][0] == {"text": "a", "fraction": 1.0, "feedback": "ja"}
    assert data[1]["answers"] == [{"text": "true", "fraction": 1.0, "feedback": "rätt"}]
    assert data[2]["answers"][0] == {"text": "x", "fraction": 1.0, "feedback": None, "match": "1"}
    assert data[3]["answers"][0] == {
        "text": "3",
        "fraction": 1.0,
        "feedback": None,
        "tolerance": 0.5,
    }
    assert data[5]["general_feedback"] == "allmänt"
    assert data[5]["answers"][2]["fraction"] == -1.0
    assert data[7]["title"] is None and data[7]["answers"] == []


def test_errors_are_listed_by_line_and_exit_with_status_1(runner, tmp_path):
    path = write(tmp_path, "Bra? {T}\n\nTrasig {=a ~b\n\nOk? {=1 -> }\n")
    result = runner.invoke(args=["gift", "check", path])
    assert result.exit_code == 1
    assert f"{path}:3: The answer block opened here" in result.stderr
    assert f"{path}:5: A matching pair has nothing after '->'." in result.stderr
    assert "line 1: truefalse" in result.stdout


def test_json_mode_with_errors_exits_with_status_1_and_lists_the_readable_questions(
    runner, tmp_path
):
    path = write(tmp_path, "Bra? {T}\n\nX {~a ~b}\n")
    result = runner.invoke(args=["gift", "check", path, "--json"])
    assert result.exit_code == 1
    assert [q["line"] for q in json.loads(result.stdout)] == [1]
    assert f"{path}:3: None of the choices is right" in result.stderr


def test_a_file_that_is_not_utf8_is_an_error(runner, tmp_path):
    result = runner.invoke(args=["gift", "check", write(tmp_path, "Fråga {T}".encode("cp1252"))])
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr


def test_every_course_folder_has_a_quiz():
    folders = sorted(p for p in COURSES.iterdir() if (p / "course.md").is_file())
    assert [p.parent for p in QUIZ_FILES] == folders


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.parent.name)
def test_every_course_quiz_loads_and_is_gradable(path):
    questions = load_gift(path.read_text(encoding="utf-8"))
    assert len(questions) >= 8
    assert all(question.gradable for question in questions)


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.parent.name)
def test_gift_check_passes_every_course_quiz(runner, path):
    result = runner.invoke(args=["gift", "check", str(path)])
    assert result.exit_code == 0, result.output
