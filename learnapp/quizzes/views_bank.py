"""Question-bank import (upload, preview, confirm) and export, for coordinators and admins."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.extensions import db
from learnapp.gift.model import Question
from learnapp.permissions import roles_required
from learnapp.quizzes import importing
from learnapp.quizzes.access import COORDINATION, get_course_or_404
from learnapp.quizzes.bank import active_questions, parsed
from learnapp.quizzes.blueprint import bp
from learnapp.quizzes.forms import ConfirmForm, UploadForm
from learnapp.quizzes.messages import QUESTION_TYPES


def _answer_mark(question: Question, fraction: float) -> str:
    if question.type == "matching":
        return ""
    if fraction >= 1:
        return "right"
    return "partly" if fraction > 0 else ("minus" if fraction < 0 else "wrong")


@bp.route("/banks")
@roles_required(*COORDINATION)
def banks() -> str:
    return render_template("quizzes/banks.html", rows=importing.bank_overview())


@bp.route("/<slug>/import", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def import_bank(slug: str) -> Response | tuple[str, int] | str:
    course = get_course_or_404(slug)
    upload = UploadForm()
    confirm = ConfirmForm()
    checked: importing.CheckedFile | None = None
    status = 200
    if request.method == "POST" and request.form.get("step") == "confirm":
        if confirm.validate():
            checked = importing.unseal(course, confirm.gift.data, confirm.digest.data)
        if checked is None:
            flash(_("The preview could not be read back. Upload the file again."), "error")
            return redirect(url_for("quizzes.import_bank", slug=slug))
        replace = confirm.mode.data == "replace"
        if checked.ok and replace and not confirm.replace_confirmed.data:
            confirm.replace_confirmed.errors = [
                _("Tick the box to confirm that the questions listed will be removed.")
            ]
        elif checked.ok:
            rows = importing.import_questions(course, checked, replace=replace, actor=current_user)
            db.session.commit()
            flash(
                ngettext(
                    "%(count)d question was imported.",
                    "%(count)d questions were imported.",
                    len(rows),
                    count=len(rows),
                ),
                "success",
            )
            return redirect(url_for("quizzes.import_bank", slug=slug))
        status = 400
    elif request.method == "POST":
        if upload.validate():
            checked = importing.read_upload(upload.file.data.read(importing.MAX_BYTES + 1))
            if not checked.ok:
                status = 400
        else:
            status = 400
    if checked is not None and checked.ok:
        confirm.gift.data, confirm.digest.data = importing.seal(course, checked)
    page = render_template(
        "quizzes/import.html",
        course=course,
        upload=upload,
        confirm=confirm,
        checked=checked,
        current=[parsed(row) for row in active_questions(course)],
        answer_mark=_answer_mark,
        question_types=QUESTION_TYPES,
    )
    return page, status


@bp.route("/<slug>/export.gift")
@roles_required(*COORDINATION)
def export_bank(slug: str) -> Response:
    course = get_course_or_404(slug)
    text = importing.export_text(course, actor=current_user)
    db.session.commit()
    return FlaskResponse(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}.gift"'},
    )
