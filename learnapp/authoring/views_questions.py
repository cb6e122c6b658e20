"""The course editor's quiz: the list of questions, a form per question type, reorder, delete."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.authoring import questions, services
from learnapp.authoring.access import editor_required, get_course_or_404
from learnapp.authoring.blueprint import bp
from learnapp.authoring.forms import QuestionForm
from learnapp.authoring.models import CourseDraft
from learnapp.authoring.questions import AnswerInput, QuestionInput
from learnapp.authoring.services import AuthoringError
from learnapp.authoring.views import error_message, revision_of
from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.quizzes.messages import QUESTION_TYPES


def _save(course: Course, draft: CourseDraft, items: list[Any]) -> ResponseReturnValue | None:
    try:
        services.save(
            draft,
            questions.with_questions(draft.files, items),
            revision_of(request.form),
            current_user,
        )
    except AuthoringError as error:
        db.session.rollback()
        flash(error_message(error.code), "error")
        return redirect(url_for("authoring.question_list", slug=course.slug))
    db.session.commit()
    return None


@bp.route("/<slug>/questions")
@editor_required
def question_list(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    db.session.commit()
    return render_template(
        "authoring/questions.html",
        course=course,
        draft=draft,
        items=questions.questions(draft.files),
        question_types=QUESTION_TYPES,
        form_types=questions.FORM_TYPES,
    )


def _fill(form: QuestionForm, data: QuestionInput) -> None:
    form.title.data, form.category.data = data.title, data.category
    form.text.data, form.general_feedback.data = data.text, data.general_feedback
    form.truth.data = "true" if data.truth else "false"
    form.right_feedback.data, form.wrong_feedback.data = data.right_feedback, data.wrong_feedback
    for entry, answer in zip(form.answers.entries, data.answers, strict=False):
        entry.form.text.data, entry.form.weight.data = answer.text, answer.weight
        entry.form.feedback.data, entry.form.match.data = answer.feedback, answer.match
        entry.form.tolerance.data = answer.tolerance


def _read(form: QuestionForm, kind: str) -> QuestionInput:
    return QuestionInput(
        type=kind,
        title=form.title.data or "",
        category=form.category.data or "",
        text=form.text.data or "",
        general_feedback=form.general_feedback.data or "",
        answers=[
            AnswerInput(
                entry.form.text.data or "",
                entry.form.weight.data,
                entry.form.feedback.data or "",
                entry.form.match.data or "",
                entry.form.tolerance.data,
            )
            for entry in form.answers.entries
        ],
        truth=form.truth.data != "false",
        right_feedback=form.right_feedback.data or "",
        wrong_feedback=form.wrong_feedback.data or "",
    )


@bp.route("/<slug>/questions/new/<kind>", methods=["GET", "POST"])
@bp.route("/<slug>/questions/<int:number>", methods=["GET", "POST"])
@editor_required
def question(slug: str, kind: str | None = None, number: int | None = None) -> ResponseReturnValue:
    """One question: `number` is its place in the list (1-based); the revision guards it."""
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    items = questions.questions(draft.files)
    existing = None
    if number is not None:
        if not 1 <= number <= len(items):
            abort(404)
        existing = items[number - 1]
        kind = existing.type
    if kind not in questions.FORM_TYPES:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
        if existing is not None:
            _fill(form, questions.as_input(existing))
    problems: list[str] = []
    if form.validate_on_submit():
        built, errors = questions.build(_read(form, kind))
        problems = [
            _("A matching pair's left side and a short answer cannot contain '->'.")
            if message == "arrow"
            else message
            for _line, message in errors
        ]
        if built is not None:
            if number is None:
                items.append(built)
            else:
                items[number - 1] = built
            stale = _save(course, draft, items)
            if stale is not None:
                return stale
            flash(_("The question has been saved in the draft."), "success")
            return redirect(url_for("authoring.question_list", slug=course.slug))
    status = 400 if form.errors or problems else 200
    return render_template(
        "authoring/question.html",
        course=course,
        form=form,
        kind=kind,
        number=number,
        problems=problems,
        type_label=QUESTION_TYPES[kind],
    ), status


@bp.route("/<slug>/questions/<int:number>/move", methods=["POST"])
@editor_required
def move_question(slug: str, number: int) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    items = questions.questions(draft.files)
    if not 1 <= number <= len(items):
        abort(404)
    step = -1 if request.form.get("direction") == "up" else 1
    stale = _save(course, draft, questions.moved(items, number - 1, step))
    if stale is not None:
        return stale
    return redirect(url_for("authoring.question_list", slug=course.slug))


@bp.route("/<slug>/questions/<int:number>/delete", methods=["POST"])
@editor_required
def delete_question(slug: str, number: int) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    items = questions.questions(draft.files)
    if not 1 <= number <= len(items):
        abort(404)
    del items[number - 1]
    stale = _save(course, draft, items)
    if stale is not None:
        return stale
    flash(_("The question has been deleted from the draft."), "success")
    return redirect(url_for("authoring.question_list", slug=course.slug))
