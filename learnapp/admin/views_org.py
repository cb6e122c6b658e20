"""Departments and the unit tree: create, rename, move, merge (admins only)."""

from __future__ import annotations

from typing import NamedTuple

from flask import abort, flash, redirect, render_template, request, url_for
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
from learnapp.bounds import bounded_int, query_int
from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org import queries as org_queries
from learnapp.org.models import Department, Unit
from learnapp.org.permissions import Scope
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


def _units_found(query: str) -> ResponseReturnValue:
    page = max(1, query_int("page", 1) or 1)
    found, total = org_queries.search_units(Scope(current_user.id, True), query, page)
    return render_template(
        "admin/units.html",
        query=query,
        found=found,
        total=total,
        page=page,
        pages=org_queries.pages(total),
    )


@bp.route("/units", methods=["GET"])
@roles_required(*ADMIN)
def units() -> ResponseReturnValue:
    """The departments, each counted, or the units whose name contains `q`: one level of the
    tree at a time, as on the organisation pages."""
    query = request.args.get("q", "")[:200].strip()
    if query:
        return _units_found(query)
    return render_template("admin/units.html", departments=org_queries.departments_counted())


def _department_units_page(dept: Department, form: UnitForm) -> ResponseReturnValue:
    return render_template(
        "admin/department_units.html",
        department=dept,
        units=org_queries.units_counted(Unit.department_id == dept.id, Unit.parent_id.is_(None)),
        new=form,
    ), (422 if form.errors else 200)


@bp.route("/departments/<int:department_id>/units", methods=["GET"])
@roles_required(*ADMIN)
def department_units(department_id: int) -> ResponseReturnValue:
    """A department's top units, counted, and the form for a new top unit."""
    dept = db.session.get(Department, department_id) or abort(404)
    form = UnitForm(department=dept.id, parent=0)
    return _department_units_page(dept, form)


@bp.route("/units", methods=["POST"])
@roles_required(*ADMIN)
def add_unit() -> ResponseReturnValue:
    """A new unit at the top of a department or below a unit (the form of either page)."""
    form = UnitForm()
    form.validate_on_submit()
    dept = db.session.get(Department, form.department.data or 0) or abort(404)
    parent = db.session.get(Unit, form.parent.data) if form.parent.data else None
    if form.parent.data and parent is None:
        abort(404)
    if parent is not None and parent.department_id != dept.id:
        form.name.errors = [*form.name.errors, _("The unit above must be in the same department.")]
    if not form.errors:
        try:
            unit = services.add_unit(form.name.data.strip(), dept, parent, current_user)
        except NameTaken:
            form.name.errors = [_("There is already a unit with this name here.")]
        else:
            db.session.commit()
            flash(_("The unit %(name)s has been created.", name=unit.name), "success")
            if parent is None:
                return redirect(url_for("admin.department_units", department_id=dept.id))
            return redirect(url_for("admin.unit", unit_id=parent.id))
    if parent is None:
        return _department_units_page(dept, form)
    return _unit_page(parent, _unit_forms(parent), new=form)


class UnitForms(NamedTuple):
    rename: RenameUnitForm
    move: MoveUnitForm
    merge: MergeUnitForm
    picked: picker.Picked  # the units the move and merge lists offer


def _unit_forms(unit: Unit) -> UnitForms:
    """The unit's forms; the move and merge choices are the units near it, or those whose
    name contains the page's `find` (plus the one posted, so that a refused choice stays)."""
    rename = RenameUnitForm(prefix="rename", obj=unit)
    move = MoveUnitForm(prefix="move")
    merge = MergeUnitForm(prefix="merge")
    find = request.args.get("find", "")
    posted = [request.form.get("move-parent"), request.form.get("merge-target")]
    picked = picker.pick(
        find=find,
        keep=[n for v in posted if (n := bounded_int(v))],
        default=picker.near(unit),
        exclude_below=unit,
    )
    move.parent.choices = [(0, _("(top of its department)")), *picked.options]
    merge.target.choices = [(0, _("(choose a unit)")), *picked.options]
    return UnitForms(rename, move, merge, picked)


def _unit_page(
    unit: Unit,
    forms: UnitForms,
    new: UnitForm | None = None,
) -> ResponseReturnValue:
    new = new or UnitForm(department=unit.department_id, parent=unit.id)
    failed = any(f.errors for f in (forms.rename, forms.move, forms.merge, new))
    breadcrumbs = org_queries.unit_breadcrumbs(unit)
    return render_template(
        "admin/unit.html",
        unit=unit,
        breadcrumbs=breadcrumbs,
        children=org_queries.units_counted(Unit.parent_id == unit.id),
        picked=forms.picked,
        new=new,
        rename=forms.rename,
        move=forms.move,
        merge=forms.merge,
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
    form = forms.rename
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
    form = forms.move
    if form.validate_on_submit():
        parent = db.session.get(Unit, form.parent.data) if form.parent.data else None
        if form.parent.data and parent is None:
            abort(404)
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
    form = forms.merge
    if form.validate_on_submit():
        target = db.session.get(Unit, form.target.data) if form.target.data else None
        if target is None:
            form.target.errors.append(_("Choose the unit to merge it into."))
            return _unit_page(unit, forms)
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
