"""The administrator's page of department editors: who may edit which department's routines."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnapp.bounds import form_int
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role
from learnapp.org.services import find_person_by_email
from learnapp.permissions import roles_required
from learnapp.routines import services
from learnapp.routines.blueprint import bp
from learnapp.routines.forms import EditorForm
from learnapp.routines.models import RoutineEditor
from learnapp.swedish import in_swedish_order


def _editors() -> list[RoutineEditor]:
    return list(
        db.session.scalars(
            select(RoutineEditor)
            .join(Department, Department.id == RoutineEditor.department_id)
            .join(Person, Person.id == RoutineEditor.person_id)
            .order_by(in_swedish_order(Department.name), in_swedish_order(Person.name), Person.id)
        )
    )


@bp.route("/editors", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def editors() -> ResponseReturnValue:
    form = EditorForm()
    form.department.choices = [
        (d.id, d.name)
        for d in db.session.scalars(select(Department).order_by(in_swedish_order(Department.name)))
    ]
    if form.validate_on_submit():
        person = find_person_by_email(form.email.data or "")
        department = db.session.get(Department, form.department.data)
        if person is None or not person.active:
            form.email.errors = [_("No active person has this e-mail address.")]
        elif department is not None:
            added = services.add_editor(
                person, department, current_user, client_address=request.remote_addr
            )
            db.session.commit()
            if added:
                flash(
                    _(
                        "%(name)s now edits the routines of %(department)s.",
                        name=person.name,
                        department=department.name,
                    ),
                    "success",
                )
            else:
                flash(_("%(name)s already edits them.", name=person.name), "info")
            return redirect(url_for("routines.editors"))
    return render_template("routines/editors.html", form=form, editors=_editors())


@bp.route("/editors/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove_editor() -> ResponseReturnValue:
    person = db.session.get(Person, form_int("person") or 0) or abort(404)
    department = db.session.get(Department, form_int("department") or 0) or abort(404)
    if services.remove_editor(person, department, current_user, client_address=request.remote_addr):
        db.session.commit()
        flash(
            _(
                "%(name)s no longer edits the routines of %(department)s.",
                name=person.name,
                department=department.name,
            ),
            "success",
        )
    return redirect(url_for("routines.editors"))
