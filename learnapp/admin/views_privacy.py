"""The privacy page, "download my data", and anonymising a person who has left."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learnapp.admin import privacy
from learnapp.admin.blueprint import bp, privacy_bp
from learnapp.admin.forms import ConfirmForm
from learnapp.admin.views import ADMIN
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.permissions import roles_required


@privacy_bp.route("/")
def page() -> str:
    return render_template(
        "admin/privacy.html", retention_months=current_app.config["PRIVACY_RETENTION_MONTHS"]
    )


def _download(body: object, mimetype: str, extension: str) -> Response:
    name = f"my-data-{utcnow():%Y%m%d}.{extension}"
    return Response(
        body,  # type: ignore[arg-type]
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@privacy_bp.route("/my-data.json")
@login_required
def my_data_json() -> Response:
    me: Person = current_user._get_current_object()
    data = privacy.personal_data(me)
    record("privacy.data_downloaded", actor=me, target=me, format="json")
    db.session.commit()
    return _download(json.dumps(data, ensure_ascii=False, indent=2), "application/json", "json")


@privacy_bp.route("/my-data.csv")
@login_required
def my_data_csv() -> Response:
    me: Person = current_user._get_current_object()
    data = privacy.personal_data(me)
    record("privacy.data_downloaded", actor=me, target=me, format="csv")
    db.session.commit()
    return _download("".join(privacy.personal_data_csv(data)), "text/csv; charset=utf-8", "csv")


@bp.route("/people/<int:person_id>/anonymise", methods=["GET", "POST"])
@roles_required(*ADMIN)
def anonymise(person_id: int) -> ResponseReturnValue:
    person = db.session.get(Person, person_id) or abort(404)
    if person.anonymised_at is not None:
        abort(404)
    if person.active:
        flash(_("Deactivate the person before anonymising them."), "error")
        return redirect(url_for("admin.person", person_id=person.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        privacy.anonymise(person, current_user)
        db.session.commit()
        flash(_("The person has been anonymised."), "success")
        return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/anonymise.html", form=form, person=person), (
        422 if form.errors else 200
    )
