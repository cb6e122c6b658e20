"""Question-bank import (upload and preview, then confirm: two routes) and export, for
coordinators and admins."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.courses.models import Course
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


def _page(
    course: Course,
    upload: UploadForm,
    confirm: ConfirmForm,
    checked: importing.CheckedFile | None,
    status: int = 200,
) -> tuple[str, int]:
    """The bank's page: the current questions, the upload form and, for a checked file, its
    errors or its preview with the confirmation form (carrying the sealed text)."""
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


@bp.route("/<slug>/import", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def import_bank(slug: str) -> tuple[str, int]:
    """Upload a GIFT file and see it checked: its errors, or a preview of every question."""
    course = get_course_or_404(slug)
    upload = UploadForm()
    if request.method != "POST":
        return _page(course, upload, ConfirmForm(formdata=None), None)
    if not upload.validate():
        return _page(course, upload, ConfirmForm(formdata=None), None, 400)
    checked = importing.read_upload(upload.file.data.read(importing.MAX_BYTES + 1))
    return _page(course, upload, ConfirmForm(formdata=None), checked, 200 if checked.ok else 400)


@bp.route("/<slug>/import/confirm", methods=["POST"])
@roles_required(*COORDINATION)
def confirm_import(slug: str) -> Response | tuple[str, int]:
    """Save the previewed questions, extending the quiz or replacing its questions."""
    course = get_course_or_404(slug)
    confirm = ConfirmForm()
    checked = (
        importing.unseal(course, confirm.gift.data, confirm.digest.data)
        if confirm.validate()
        else None
    )
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
    return _page(course, UploadForm(formdata=None), confirm, checked, 400)


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
