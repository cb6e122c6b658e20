"""HR import in the browser: upload, dry-run report, confirm, and the job's page."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from learnapp.admin import hr_import, import_jobs, invites
from learnapp.admin.blueprint import bp
from learnapp.admin.forms import ConfirmImportForm, ImportForm, RetryImportForm
from learnapp.admin.models import JobState, PendingImport
from learnapp.admin.people_import import FIELD_LABELS
from learnapp.admin.views import ADMIN
from learnapp.auth import oidc_config
from learnapp.extensions import db
from learnapp.permissions import roles_required


def _too_large() -> bool:
    length = request.content_length
    return length is not None and length > hr_import.MAX_BYTES + 64 * 1024


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*ADMIN)
def import_upload() -> ResponseReturnValue:
    if request.method == "POST" and _too_large():
        # Refused on the declared size, before the body is read.
        form = ImportForm(formdata=None)
        form.file.errors = [_("The file is larger than 50 MB.")]
        return render_template("admin/import_upload.html", form=form), 413
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("admin/import_upload.html", form=form), (422 if form.errors else 200)
    try:
        data = hr_import.read_limited(form.file.data.stream)
    except hr_import.FileTooLarge:
        form.file.errors.append(_("The file is larger than 50 MB."))
        return render_template("admin/import_upload.html", form=form), 413
    filename = (form.file.data.filename or "")[:255]
    staged = import_jobs.stage(
        data,
        filename,
        current_user,
        create_units=form.create_units.data,
        deactivate_missing=form.deactivate_missing.data,
    )
    db.session.commit()
    return render_template(
        "admin/import_report.html",
        report=staged.report,
        parsed=staged.parsed,
        filename=filename,
        confirm=ConfirmImportForm(token=staged.token),
        field_labels=FIELD_LABELS,
    ), (200 if staged.report.ok else 422)


@bp.route("/import/confirm", methods=["POST"])
@roles_required(*ADMIN)
def import_confirm() -> ResponseReturnValue:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    job = import_jobs.apply_pending(form.token.data, current_user)
    if job is None:
        flash(_("That import has expired or was already applied. Upload the file again."), "error")
        return redirect(url_for("admin.import_upload"))
    return redirect(url_for("admin.import_job", job_id=job.id), 303)


def _own_job(job_id: int) -> PendingImport:
    job = db.session.get(PendingImport, job_id)
    if job is None or job.created_by_id != current_user.id or job.state == JobState.CHECKED:
        abort(404)
    return job


@bp.route("/import/jobs/<int:job_id>")
@roles_required(*ADMIN)
def import_job(job_id: int) -> ResponseReturnValue:
    job = _own_job(job_id)
    if import_jobs.waiting(job):
        import_jobs.start(job.id)  # its runner died (a restarted worker): run it again
    # Wait a little for the job to finish, so that most imports show their result at once; a
    # longer one shows how far it has come, with a link to look again. (No timed reload: WCAG
    # 2.2.1 asks that a page does not refresh itself on a timer.)
    import_jobs.wait(job, float(current_app.config["IMPORT_PAGE_WAIT_SECONDS"]))
    return render_template(
        "admin/import_job.html",
        job=job,
        running=job.state in (JobState.QUEUED, JobState.RUNNING),
        retry=RetryImportForm(),
        uninvited=invites.count(invites.created_by_import(job)),
        invite_form=FlaskForm(),
        sso=oidc_config.enabled(),
    )


@bp.route("/import/jobs/<int:job_id>/retry", methods=["POST"])
@roles_required(*ADMIN)
def import_job_retry(job_id: int) -> ResponseReturnValue:
    job = _own_job(job_id)
    if not RetryImportForm().validate_on_submit():
        abort(400)
    if import_jobs.retry(job):
        db.session.commit()
        import_jobs.start(job.id)
    return redirect(url_for("admin.import_job", job_id=job.id), 303)
