"""The coordinator's pages: competence areas, and creating and running inventories."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnapp.areas.models import CompetenceArea
from learnapp.areas.services import active_areas, all_areas
from learnapp.extensions import db
from learnapp.needs import services
from learnapp.needs.access import get_inventory_or_404, is_coordinator
from learnapp.needs.blueprint import bp
from learnapp.needs.forms import KEY_PERSONS_IN_DEPARTMENTS, AreaForm, InventoryForm
from learnapp.needs.models import (
    InventoryState,
    NeedsInventory,
)
from learnapp.org.models import Department, Role
from learnapp.permissions import roles_required
from learnapp.swedish import in_swedish_order

COORDINATION = (Role.COORDINATOR, Role.ADMIN)


@bp.context_processor
def helpers() -> dict[str, object]:
    from learnapp.needs.export import scope_label

    return {"scope_label": scope_label}


@bp.route("/")
@roles_required(Role.MANAGER, *COORDINATION)
def index() -> str:
    stmt = select(NeedsInventory).order_by(
        NeedsInventory.created_at.desc(), NeedsInventory.id.desc()
    )
    if not is_coordinator(current_user):
        stmt = stmt.where(NeedsInventory.state != InventoryState.DRAFT.value)
    return render_template(
        "needs/index.html",
        inventories=db.session.scalars(stmt).all(),
        coordinator=is_coordinator(current_user),
    )


# --- competence areas ---------------------------------------------------------------------


@bp.route("/areas")
@roles_required(*COORDINATION)
def areas() -> str:
    return render_template("needs/areas.html", areas=all_areas())


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def edit_area(area_id: int) -> Response | str:
    area = db.session.get(CompetenceArea, area_id) or abort(404)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        area.name_sv = form.name_sv.data.strip()
        area.name_en = form.name_en.data.strip()
        area.description_sv = (form.description_sv.data or "").strip()
        area.description_en = (form.description_en.data or "").strip()
        db.session.commit()
        flash(_("The competence area has been saved."), "success")
        return redirect(url_for("needs.areas"))
    return render_template("needs/area_form.html", area=area, form=form)


@bp.route("/areas/<int:area_id>/active", methods=["POST"])
@roles_required(*COORDINATION)
def set_area_active(area_id: int) -> Response:
    area = db.session.get(CompetenceArea, area_id) or abort(404)
    area.active = request.form.get("active") == "1"
    db.session.commit()
    if area.active:
        flash(_("The competence area is active again."), "success")
    else:
        flash(_("The competence area is deactivated and is no longer asked about."), "success")
    return redirect(url_for("needs.areas"))


# --- inventories --------------------------------------------------------------------------


def _department_choices(form: InventoryForm) -> None:
    form.departments.choices = [
        (d.id, d.name)
        for d in db.session.scalars(select(Department).order_by(in_swedish_order(Department.name)))
    ]
    form.areas.choices = [(a.id, a.name(str(get_locale()))) for a in active_areas()]


def _chosen_areas(form: InventoryForm) -> list[CompetenceArea]:
    ids = set(form.areas.data or [])
    return [a for a in active_areas() if a.id in ids]


def _chosen_departments(form: InventoryForm) -> list[Department]:
    ids = form.departments.data or []
    if not ids:
        return []
    return list(db.session.scalars(select(Department).where(Department.id.in_(ids))))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def new() -> Response | str:
    form = InventoryForm()
    _department_choices(form)
    if request.method == "GET":
        form.areas.data = [area_id for area_id, _name in form.areas.choices]
    if form.validate_on_submit():
        scope, key_persons_only = form.chosen_scope
        inventory = services.create_inventory(
            title=form.title.data,
            description=form.description.data or "",
            scope=scope,
            key_persons_only=key_persons_only,
            areas=_chosen_areas(form),
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            departments=_chosen_departments(form),
            created_by=current_user,
        )
        db.session.commit()
        flash(_("The inventory has been created as a draft."), "success")
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    return render_template("needs/inventory_form.html", form=form, inventory=None)


@bp.route("/<int:inventory_id>/edit", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def edit(inventory_id: int) -> Response | str:
    inventory = get_inventory_or_404(inventory_id)
    if not inventory.is_draft:
        flash(_("Only a draft can be edited. Copy the inventory to change it."), "error")
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    form = InventoryForm(obj=inventory)
    _department_choices(form)
    if request.method == "GET":
        form.departments.data = [d.id for d in inventory.departments]
        form.areas.data = [a.id for a in services.inventory_areas(inventory)]
        if inventory.key_persons_only:
            form.scope.data = KEY_PERSONS_IN_DEPARTMENTS
    if form.validate_on_submit():
        scope, key_persons_only = form.chosen_scope
        services.update_inventory(
            inventory,
            title=form.title.data,
            description=form.description.data or "",
            scope=scope,
            key_persons_only=key_persons_only,
            areas=_chosen_areas(form),
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            departments=_chosen_departments(form),
        )
        db.session.commit()
        flash(_("The inventory has been saved."), "success")
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    return render_template("needs/inventory_form.html", form=form, inventory=inventory)


@bp.route("/<int:inventory_id>")
@roles_required(*COORDINATION)
def detail(inventory_id: int) -> str:
    from learnapp.needs import reports

    inventory = get_inventory_or_404(inventory_id)
    rates = reports.response_rates(inventory)
    # "Compare with an earlier inventory": only those opened before this one.
    earlier = (
        db.session.scalars(
            select(NeedsInventory)
            .where(
                NeedsInventory.id != inventory.id,
                NeedsInventory.state != "draft",
                NeedsInventory.opened_at < inventory.opened_at,
            )
            .order_by(NeedsInventory.opened_at.desc(), NeedsInventory.id.desc())
        ).all()
        if inventory.opened_at is not None
        else []
    )
    return render_template(
        "needs/detail.html",
        inventory=inventory,
        areas=services.inventory_areas(inventory),
        total=reports.total_rate(rates),
        others=earlier,
    )


@bp.route("/<int:inventory_id>/copy", methods=["POST"])
@roles_required(*COORDINATION)
def copy(inventory_id: int) -> Response:
    inventory = get_inventory_or_404(inventory_id)
    new_inventory = services.copy_inventory(inventory, current_user)
    db.session.commit()
    flash(_("A copy has been made as a draft. Check the title and dates."), "success")
    return redirect(url_for("needs.edit", inventory_id=new_inventory.id))
