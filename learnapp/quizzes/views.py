"""Taking a quiz: the quiz page, an attempt, its result."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from learnapp.extensions import db
from learnapp.quizzes import services
from learnapp.quizzes.access import get_course_or_404, get_own_attempt_or_404
from learnapp.quizzes.attempts import (
    describe_response,
    form_values,
    given_values,
    read_responses,
    right_answers,
    shown_questions,
)
from learnapp.quizzes.blueprint import bp
from learnapp.quizzes.render import text_html


@bp.app_context_processor
def quiz_helpers() -> dict[str, object]:
    return {
        "quiz_text": text_html,
        "quiz_code": services.display_code,
    }


@bp.route("/<slug>/")
@login_required
def start(slug: str) -> str:
    course = get_course_or_404(slug)
    status = services.quiz_status(current_user, course)
    return render_template("quizzes/start.html", course=course, status=status)


@bp.route("/<slug>/start", methods=["POST"])
@login_required
def begin(slug: str) -> Response:
    course = get_course_or_404(slug)
    try:
        attempt = services.start_attempt(current_user, course)
    except services.QuizClosed:
        flash(_("The quiz cannot be started now. The page says why."), "error")
        return redirect(url_for("quizzes.start", slug=slug))
    db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int) -> Response | tuple[str, int] | str:
    attempt = get_own_attempt_or_404(attempt_id)
    course = attempt.course
    if attempt.submitted_at is not None:
        if request.method == "POST":
            flash(_("This attempt was already submitted. It is scored only once."), "info")
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    if attempt.abandoned_at is not None or services.is_outdated(attempt, course):
        flash(_("The quiz has changed since you started this attempt. Start again."), "info")
        return redirect(url_for("quizzes.start", slug=course.slug))
    shown = shown_questions(attempt)
    if request.method == "POST":
        responses, errors = read_responses(shown, request.form)
        if errors:
            values = form_values(shown, request.form)
            page = render_template(
                "quizzes/attempt.html",
                course=course,
                attempt=attempt,
                shown=shown,
                values=values,
                errors=errors,
            )
            return page, 400
        try:
            services.submit_attempt(attempt, current_user, responses)
        except services.AttemptClosed:
            db.session.rollback()
            flash(_("This attempt was already submitted. It is scored only once."), "info")
            return redirect(url_for("quizzes.result", attempt_id=attempt_id))
        except services.AttemptOutdated:
            flash(_("The quiz has changed since you started this attempt. Start again."), "info")
            return redirect(url_for("quizzes.start", slug=course.slug))
        except services.QuizClosed:
            db.session.commit()  # the attempt is abandoned
            flash(
                _("This attempt cannot be scored: the quiz's limits do not allow it now."), "error"
            )
            return redirect(url_for("quizzes.start", slug=course.slug))
        db.session.commit()
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))
    return render_template(
        "quizzes/attempt.html", course=course, attempt=attempt, shown=shown, values={}, errors={}
    )


@bp.route("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int) -> Response | str:
    attempt = get_own_attempt_or_404(attempt_id)
    if attempt.submitted_at is None:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    course = attempt.course
    shown = shown_questions(attempt)
    status = services.quiz_status(current_user, course)
    completion = next(
        (c for c in [status.completion] if c is not None and c.attempt_id == attempt.id), None
    )
    return render_template(
        "quizzes/result.html",
        course=course,
        attempt=attempt,
        shown=shown,
        status=status,
        completion=completion,
        values=given_values(shown, attempt.answers),
        describe=lambda item: describe_response(item, attempt.answers.get(str(item.row.id))),
        right_answers=right_answers,
    )
