"""The quiz in the browser: a form per question type, reorder, delete, nothing saved on error."""

from __future__ import annotations

from typing import Any

from learnapp.authoring import questions
from learnapp.authoring.models import CourseDraft
from learnapp.extensions import db
from tests.authoring.test_drafts import revision


def draft_questions(course: Any) -> list[Any]:
    draft = db.session.get(CourseDraft, course.id)
    db.session.refresh(draft)
    return questions.questions(draft.files)


def rows(*answers: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for i, answer in enumerate(answers):
        for key, value in answer.items():
            data[f"answers-{i}-{key}"] = value
    return data


CASES = {
    "multichoice": rows({"text": "Rätt", "weight": "100", "feedback": "Bra."}, {"text": "Fel"}),
    "multiresponse": rows(
        {"text": "A", "weight": "50"}, {"text": "B", "weight": "50"}, {"text": "C", "weight": "-50"}
    ),
    "shortanswer": rows({"text": "Stockholm"}, {"text": "Sthlm", "weight": "50"}),
    "matching": rows({"text": "Hund", "match": "skäller"}, {"text": "Katt", "match": "jamar"}),
    "numerical": rows({"text": "42", "tolerance": "0.5"}),
    "truefalse": {"truth": "false", "right_feedback": "Ja.", "wrong_feedback": "Nej."},
}


def test_every_question_type_is_made_with_its_form(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/questions")
    for kind, data in CASES.items():
        page = editor.get(f"/authoring/testkurs/questions/new/{kind}")
        assert page.status_code == 200
        response = editor.post(
            f"/authoring/testkurs/questions/new/{kind}",
            data={"text": f"En fråga av typen {kind}", "revision": revision(), **data},
        )
        assert response.status_code == 302, (kind, response.text[-3000:])
    made = draft_questions(synced)[1:]
    assert [q.type for q in made] == list(CASES)
    assert made[0].answers[0].feedback == "Bra."
    assert [a.fraction for a in made[1].answers] == [0.5, 0.5, -0.5]
    assert made[3].answers[1].match == "jamar"
    assert made[4].answers[0].tolerance == 0.5
    assert made[5].answers[0].text == "false" and made[5].answers[0].feedback == "Ja."
    # the edit form shows a question's values again
    page = editor.get("/authoring/testkurs/questions/5")
    assert 'value="skäller"' in page.text


def test_a_question_with_errors_is_refused_and_nothing_saved(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/questions")
    before = draft_questions(synced)
    response = editor.post(
        "/authoring/testkurs/questions/new/multichoice",
        data={
            "text": "Inget rätt svar",
            "revision": revision(),
            **rows({"text": "A"}, {"text": "B"}),
        },
    )
    assert response.status_code == 400
    assert "rätt" in response.text  # the parser's message, in Swedish
    assert draft_questions(synced) == before


def test_questions_are_reordered_and_deleted(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/questions")
    editor.post(
        "/authoring/testkurs/questions/new/truefalse",
        data={"text": "Andra frågan", "truth": "true", "revision": revision()},
    )
    editor.post(
        "/authoring/testkurs/questions/2/move", data={"direction": "up", "revision": revision()}
    )
    assert draft_questions(synced)[0].text == "Andra frågan"
    editor.post("/authoring/testkurs/questions/2/delete", data={"revision": revision()})
    assert [q.text for q in draft_questions(synced)] == ["Andra frågan"]
    # a delete from an old page (stale revision) deletes nothing
    response = editor.post("/authoring/testkurs/questions/1/delete", data={"revision": 1})
    assert response.status_code == 302
    assert [q.text for q in draft_questions(synced)] == ["Andra frågan"]
