"""People: search (admins and coordinators), create, edit, roles and scope, (de)activate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.admin import queries, services
from learnapp.admin.blueprint import bp
from learnapp.admin.forms import PersonForm
from learnapp.admin.views import ADMIN, READERS
from learnapp.bounds import query_int
from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org.models import Person, Role, Unit
from learnapp.permissions import roles_required

PER_PAGE = 50


def page_number() -> int:
    return max(1, query_int("page", 1) or 1)


def _person_form(person: Person | None = None) -> tuple[PersonForm, picker.Picked]:
    """The form, and the units its two lists offer: the person's unit and managed units (or
    those posted), and the departments' top units or those a search finds (not every unit)."""
    form = PersonForm(obj=person)
    if person is not None and request.method == "GET":
        form.unit.data = person.unit_id or 0
        form.roles.data = [r.value for r in person.roles]
        form.managed.data = queries.managed_unit_ids(person)
        form.employee_number.data = person.employee_number or ""
    picked = picker.pick(
        find=picker.posted_find(),
        keep=[form.unit.data or 0, *(form.managed.data or [])],
        default=Unit.parent_id.is_(None),
    )
    form.unit.choices = [(0, _("(no unit)")), *picked.options]
    form.managed.choices = picked.options
    return form, picked


def _data(form: PersonForm, person: Person | None) -> services.PersonData | None:
    """The form's values, or None after adding an error to the field that is wrong."""
    email = Person.normalise_email(form.email.data)
    number = (form.employee_number.data or "").strip() or None
    except_id = person.id if person else None
    if services.email_taken(email, except_id):
        form.email.errors.append(_("Another person already has this e-mail address."))
    if number and services.employee_number_taken(number, except_id):
        form.employee_number.errors.append(_("Another person already has this employee number."))
    if (
        person is not None
        and person.id == current_user.id
        and "admin" not in (form.roles.data or [])
    ):
        form.roles.errors = [_("You cannot remove your own administrator role.")]
    if form.email.errors or form.employee_number.errors or form.roles.errors:
        return None
    unit = db.session.get(Unit, form.unit.data) if form.unit.data else None
    managed = [u for u in (db.session.get(Unit, i) for i in form.managed.data or []) if u]
    return services.PersonData(
        name=form.name.data.strip(),
        email=email,
        employee_number=number,
        unit=unit,
        job_title=(form.job_title.data or "").strip(),
        is_key_person=bool(form.is_key_person.data),
        key_function=(form.key_function.data or "").strip(),
        language=form.language.data or "sv",
        roles={Role(r) for r in form.roles.data or []},
        managed=managed,
        work_phone=(form.work_phone.data or "").strip() or None,
    )


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required(*ADMIN)
def new_person() -> ResponseReturnValue:
    form, picked = _person_form()
    # 'Find units' shows the form again with what was typed and the units found.
    if (
        not picker.finding()
        and form.validate_on_submit()
        and (data := _data(form, None)) is not None
    ):
        person = services.add_person(data, current_user)
        db.session.commit()
        flash(_("%(name)s has been added.", name=person.name), "success")
        return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=None, picked=picked), (
        422 if form.errors else 200
    )


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def person(person_id: int) -> ResponseReturnValue:
    person = db.session.get(Person, person_id) or abort(404)
    if not current_user.has_role(*ADMIN):
        if request.method == "POST":
            abort(403)
        labels = queries.unit_labels([person.unit_id or 0, *queries.managed_unit_ids(person)])
        return render_template("admin/person_view.html", person=person, labels=labels)
    if person.anonymised_at is not None:
        return render_template("admin/person_view.html", person=person, labels={})
    form, picked = _person_form(person)
    if (
        not picker.finding()
        and form.validate_on_submit()
        and (data := _data(form, person)) is not None
    ):
        changed = services.update_person(person, data, current_user)
        db.session.commit()
        flash(
            _("Saved.") if changed else _("Nothing was changed."),
            "success",
        )
        return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=person, picked=picked), (
        422 if form.errors else 200
    )


@bp.route("/people/<int:person_id>/active", methods=["POST"])
@roles_required(*ADMIN)
def set_active(person_id: int) -> ResponseReturnValue:
    person = db.session.get(Person, person_id) or abort(404)
    if person.anonymised_at is not None:
        abort(404)
    active = request.form.get("active") == "1"
    try:
        services.set_active(person, active, current_user)
    except services.AdminError:
        flash(_("You cannot deactivate yourself."), "error")
        return redirect(url_for("admin.person", person_id=person.id))
    db.session.commit()
    flash(
        _("%(name)s has been reactivated.", name=person.name)
        if active
        else _("%(name)s has been deactivated and can no longer sign in.", name=person.name),
        "success",
    )
    return redirect(url_for("admin.person", person_id=person.id))
