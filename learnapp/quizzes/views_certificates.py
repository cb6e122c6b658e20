"""Certificates (for the person and whoever's scope covers them) and the public verification."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from learnapp.audit.services import record
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.quizzes import certificate_pdf as certificate_pdf_file
from learnapp.quizzes import services
from learnapp.quizzes.access import get_completion_or_404
from learnapp.quizzes.blueprint import bp
from learnapp.quizzes.forms import VerifyForm


@bp.route("/certificates/<int:completion_id>")
@login_required
def certificate(completion_id: int) -> str:
    completion, person = get_completion_or_404(completion_id)
    return render_template(
        "quizzes/certificate.html",
        completion=completion,
        person=person,
        course=completion.course,
        valid=services.is_valid(completion),
        verify_url=external_url("quizzes.verify", code=completion.code),
    )


@bp.route("/verify", defaults={"code": None})
@bp.route("/verify/<code>")
def verify(code: str | None) -> Response | str:
    """Public: whether a code is valid, for which course and date. Never who it belongs to."""
    form = VerifyForm(request.args)
    asked = code is not None or ("code" in request.args and form.validate())
    if code is None and asked:
        normal = services.normalise_code(form.code.data or "")
        if normal:
            found = services.find_completion(normal)
            return redirect(url_for("quizzes.verify", code=found.code if found else normal))
    completion = services.find_completion(code or form.code.data or "") if asked else None
    if code is not None:
        form.code.data = services.display_code(code) if completion else code[:40]
    return render_template(
        "quizzes/verify.html",
        form=form,
        asked=asked,
        completion=completion,
        course=completion.course if completion else None,
        valid=services.is_valid(completion) if completion else False,
    )


@bp.route("/certificates/<int:completion_id>.pdf")
@login_required
def certificate_pdf(completion_id: int) -> Response:
    """The certificate as a PDF to keep or send on; audited like the report downloads."""
    completion, person = get_completion_or_404(completion_id)
    course = completion.course
    data = certificate_pdf_file.write(
        completion, person, course, external_url("quizzes.verify", code=completion.code)
    )
    record(
        "quizzes.certificate_downloaded",
        actor=current_user,
        target=completion,
        client_address=request.remote_addr,
    )
    db.session.commit()
    day = completion.completed_at.date().isoformat()
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="intyg-{course.slug}-{day}.pdf"'},
    )
