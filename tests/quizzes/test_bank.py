"""The question bank: questions stored as GIFT read back equal; replacing keeps the old ones."""

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.gift.parse import load_gift
from learnapp.quizzes.bank import active_questions, parsed, store_questions
from learnapp.quizzes.models import QuizQuestion
from tests import factories

GIFT = "::Färg:: Himlen är {=blå#Rätt ~grön#Fel}\n\nTvå plus två? {#4:0}\n"


def test_stored_questions_read_back_equal_to_the_parsed_ones(app):
    course = factories.course(quiz=GIFT)
    assert [parsed(q) for q in active_questions(course)] == list(load_gift(GIFT))


def test_replacing_retires_the_old_questions_and_extending_appends(app):
    course = factories.course(quiz=GIFT)
    store_questions(course, load_gift("Ja? {T}\n"), source="import", replace=True)
    assert [q.type for q in active_questions(course)] == ["truefalse"]
    store_questions(course, load_gift(GIFT), source="import", replace=False)
    assert [q.position for q in active_questions(course)] == [1, 2, 3]
    assert db.session.scalar(select(func.count()).select_from(QuizQuestion)) == 5


def test_stored_questions_keep_their_category(app):
    course = factories.course(quiz="$CATEGORY: grunder\n\nFråga? {T}\n\n$CATEGORY:\n\nAnnan? {F}\n")
    assert [parsed(q).category for q in active_questions(course)] == ["grunder", None]


def test_a_question_whose_text_changes_is_read_anew(app):
    course = factories.course(quiz=GIFT)
    row = active_questions(course)[0]
    assert parsed(row).text == "Himlen är"
    row.gift = "::Färg:: Gräset är {=grönt ~blått}\n"
    assert parsed(row).text == "Gräset är"
    assert [a.text for a in parsed(row).answers] == ["grönt", "blått"]
