"""The administrator's page of course editors: who, besides coordinators, may edit courses."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.authoring import services
from learnapp.authoring.blueprint import bp
from learnapp.authoring.forms import EditorForm
from learnapp.bounds import form_int
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.org.services import find_person_by_email
from learnapp.permissions import roles_required


@bp.route("/editors", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def editors() -> ResponseReturnValue:
    form = EditorForm()
    if form.validate_on_submit():
        person = find_person_by_email(form.email.data or "")
        if person is None or not person.active:
            form.email.errors = [_("No active person has this e-mail address.")]
        else:
            added = services.add_editor(person, current_user, client_address=request.remote_addr)
            db.session.commit()
            if added:
                flash(_("%(name)s now edits courses.", name=person.name), "success")
            else:
                flash(_("%(name)s already edits courses.", name=person.name), "info")
            return redirect(url_for("authoring.editors"))
    return render_template("authoring/editors.html", form=form, editors=services.editors())


@bp.route("/editors/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove_editor() -> ResponseReturnValue:
    person = db.session.get(Person, form_int("person") or 0) or abort(404)
    if services.remove_editor(person, current_user, client_address=request.remote_addr):
        db.session.commit()
        flash(_("%(name)s no longer edits courses.", name=person.name), "success")
    return redirect(url_for("authoring.editors"))
