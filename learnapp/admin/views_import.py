"""HR import in the browser: upload, dry-run report, confirm."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnapp.admin import bp, hr_import
from learnapp.admin.forms import ConfirmImportForm, ImportForm
from learnapp.admin.models import PendingImport
from learnapp.admin.people_import import (
    FIELD_LABELS,
    PENDING_HOURS,
    discard_stale_uploads,
    run_import,
)
from learnapp.admin.views import ADMIN
from learnapp.db import utcnow
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
    parsed = hr_import.parse(data)
    report = run_import(
        parsed,
        actor=current_user,
        create_units=form.create_units.data,
        deactivate_missing=form.deactivate_missing.data,
    )
    db.session.rollback()  # a dry run: nothing of the plan may stay in the session
    token = ""
    if report.ok:
        token = secrets.token_urlsafe(32)
        discard_stale_uploads()
        db.session.add(
            PendingImport(
                token=token,
                created_by_id=current_user.id,
                filename=filename,
                sha256=hashlib.sha256(data).hexdigest(),
                create_units=form.create_units.data,
                deactivate_missing=form.deactivate_missing.data,
                content=data,
            )
        )
        db.session.commit()
    return render_template(
        "admin/import_report.html",
        report=report,
        parsed=parsed,
        filename=filename,
        confirm=ConfirmImportForm(token=token),
        field_labels=FIELD_LABELS,
    ), (200 if report.ok else 422)


@bp.route("/import/confirm", methods=["POST"])
@roles_required(*ADMIN)
def import_confirm() -> ResponseReturnValue:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    pending = db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == form.token.data,
            PendingImport.created_by_id == current_user.id,
            PendingImport.created_at >= utcnow() - timedelta(hours=PENDING_HOURS),
        )
    )
    if pending is None:
        flash(_("That import has expired or was already applied. Upload the file again."), "error")
        return redirect(url_for("admin.import_upload"))
    parsed = hr_import.parse(pending.content)
    report = run_import(
        parsed,
        actor=current_user,
        apply=True,
        create_units=pending.create_units,
        deactivate_missing=pending.deactivate_missing,
        filename=pending.filename,
    )
    if not report.applied:
        # The database changed since the dry run: show the new errors, write nothing.
        db.session.rollback()
        return render_template(
            "admin/import_report.html",
            report=report,
            parsed=parsed,
            filename=pending.filename,
            confirm=ConfirmImportForm(token=""),
            field_labels=FIELD_LABELS,
        ), 422
    db.session.delete(pending)
    db.session.commit()
    counts = report.counts()
    flash(
        _(
            "Imported: %(created)s created, %(changed)s changed, %(unchanged)s unchanged, "
            "%(deactivated)s deactivated.",
            created=counts["created"],
            changed=counts["changed"],
            unchanged=counts["unchanged"],
            deactivated=counts["deactivated"],
        ),
        "success",
    )
    return redirect(url_for("admin.import_upload"))
