"""Departments and the unit tree: create, rename, move, merge (admins only)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learnapp import formats
from learnapp.admin import queries, services
from learnapp.admin.blueprint import bp
from learnapp.admin.forms import (
    DepartmentForm,
    MergeUnitForm,
    MoveUnitForm,
    RenameUnitForm,
    UnitForm,
)
from learnapp.admin.views import ADMIN
from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.org.services import NameTaken
from learnapp.permissions import roles_required


def _taken(form: DepartmentForm, error: NameTaken) -> None:
    for field in error.fields:
        getattr(form, field).errors.append(_("Another department already has this."))


@bp.route("/departments", methods=["GET", "POST"])
@roles_required(*ADMIN)
def departments() -> ResponseReturnValue:
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            dept = services.add_department(
                form.name.data.strip(), form.code.data.strip(), current_user
            )
        except NameTaken as error:
            _taken(form, error)
        else:
            db.session.commit()
            flash(_("The department %(name)s has been created.", name=dept.name), "success")
            return redirect(url_for("admin.departments"))
    return render_template(
        "admin/departments.html", form=form, departments=queries.department_rows()
    ), (422 if form.errors else 200)


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def department(department_id: int) -> ResponseReturnValue:
    dept = db.session.get(Department, department_id) or abort(404)
    form = DepartmentForm(obj=dept)
    if form.validate_on_submit():
        try:
            services.rename_department(
                dept, form.name.data.strip(), form.code.data.strip(), current_user
            )
        except NameTaken as error:
            _taken(form, error)
        else:
            db.session.commit()
            flash(_("The department has been saved."), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department.html", form=form, department=dept), (
        422 if form.errors else 200
    )


@bp.route("/units", methods=["GET", "POST"])
@roles_required(*ADMIN)
def units() -> ResponseReturnValue:
    form = UnitForm()
    form.department.choices = [(d.id, d.name) for d, _n in queries.department_rows()]
    form.parent.choices = queries.unit_choices(blank=_("(top unit)"))
    if form.validate_on_submit():
        dept = db.session.get(Department, form.department.data) or abort(404)
        parent = db.session.get(Unit, form.parent.data) if form.parent.data else None
        name = form.name.data.strip()
        if parent is not None and parent.department_id != dept.id:
            form.parent.errors.append(_("The unit above must be in the same department."))
        else:
            try:
                unit = services.add_unit(name, dept, parent, current_user)
            except NameTaken:
                form.name.errors.append(_("There is already a unit with this name here."))
            else:
                db.session.commit()
                flash(_("The unit %(name)s has been created.", name=unit.name), "success")
                return redirect(url_for("admin.units"))
    return render_template("admin/units.html", form=form, rows=queries.unit_rows()), (
        422 if form.errors else 200
    )


def _unit_forms(unit: Unit) -> tuple[RenameUnitForm, MoveUnitForm, MergeUnitForm]:
    rename = RenameUnitForm(prefix="rename", obj=unit)
    move = MoveUnitForm(prefix="move")
    move.parent.choices = queries.unit_choices(
        blank=_("(top of its department)"), exclude_below=unit
    )
    merge = MergeUnitForm(prefix="merge")
    merge.target.choices = queries.unit_choices(exclude_below=unit)
    return rename, move, merge


def _unit_page(
    unit: Unit, forms: tuple[RenameUnitForm, MoveUnitForm, MergeUnitForm]
) -> ResponseReturnValue:
    rename, move, merge = forms
    failed = any(f.errors for f in forms)
    return render_template(
        "admin/unit.html",
        unit=unit,
        label=queries.unit_labels([unit.id]).get(unit.id, unit.name),
        rename=rename,
        move=move,
        merge=merge,
    ), (422 if failed else 200)


@bp.route("/units/<int:unit_id>", methods=["GET"])
@roles_required(*ADMIN)
def unit(unit_id: int) -> ResponseReturnValue:
    unit = db.session.get(Unit, unit_id) or abort(404)
    return _unit_page(unit, _unit_forms(unit))


@bp.route("/units/<int:unit_id>/rename", methods=["POST"])
@roles_required(*ADMIN)
def rename_unit(unit_id: int) -> ResponseReturnValue:
    unit = db.session.get(Unit, unit_id) or abort(404)
    forms = _unit_forms(unit)
    form = forms[0]
    if form.validate_on_submit():
        try:
            services.rename_unit(unit, form.name.data.strip(), current_user)
        except NameTaken:
            form.name.errors.append(_("There is already a unit with this name here."))
        else:
            db.session.commit()
            flash(_("The unit has been renamed."), "success")
            return redirect(url_for("admin.unit", unit_id=unit.id))
    return _unit_page(unit, forms)


@bp.route("/units/<int:unit_id>/move", methods=["POST"])
@roles_required(*ADMIN)
def move_unit(unit_id: int) -> ResponseReturnValue:
    unit = db.session.get(Unit, unit_id) or abort(404)
    forms = _unit_forms(unit)
    form = forms[1]
    if form.validate_on_submit():
        parent = db.session.get(Unit, form.parent.data) if form.parent.data else None
        try:
            services.relocate_unit(unit, parent, current_user)
        except NameTaken:
            form.parent.errors.append(_("There is already a unit with this name there."))
        except services.AdminError:
            form.parent.errors.append(_("A unit cannot be moved below itself."))
        else:
            db.session.commit()
            flash(_("The unit has been moved."), "success")
            return redirect(url_for("admin.unit", unit_id=unit.id))
    return _unit_page(unit, forms)


@bp.route("/units/<int:unit_id>/merge", methods=["POST"])
@roles_required(*ADMIN)
def merge_unit(unit_id: int) -> ResponseReturnValue:
    unit = db.session.get(Unit, unit_id) or abort(404)
    forms = _unit_forms(unit)
    form = forms[2]
    if form.validate_on_submit():
        target = db.session.get(Unit, form.target.data) or abort(404)
        try:
            moved = services.merge_units(unit, target, current_user)
        except services.AdminError as exc:
            form.target.errors.append(
                _("A unit below it has the same name as one below the target.")
                if str(exc) == "name-clash"
                else _("Choose a unit outside the one being merged.")
            )
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Merged into %(name)s; %(n)s person moved.",
                    "Merged into %(name)s; %(n)s people moved.",
                    moved,
                    name=target.name,
                    n=formats.number(moved),
                ),
                "success",
            )
            return redirect(url_for("admin.unit", unit_id=target.id))
    return _unit_page(unit, forms)
