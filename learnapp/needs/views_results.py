"""The coordinator's results: response rates, heat map, comparison, the assign action, exports."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnapp import formats, spreadsheets
from learnapp.areas.models import CompetenceArea
from learnapp.audit.services import record
from learnapp.auth.ratelimit import export_limited
from learnapp.bounds import query_int
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs import cells, drilldown, export, lists, reports, services
from learnapp.needs.access import get_inventory_or_404
from learnapp.needs.blueprint import bp
from learnapp.needs.models import NeedsInventory
from learnapp.org.models import Department, Role, Unit, UnitManager
from learnapp.org.queries import unit_breadcrumbs
from learnapp.permissions import Scope, current_scope, get_unit_or_404, roles_required

COORDINATION = (Role.COORDINATOR, Role.ADMIN)
KEY_PERSON_LIMIT = 500

# The heat maps' cells (needs/_heatmap.html), on the coordinator's and the managers' pages, and
# those of a unit's table of answers (needs/_results.html).
bp.add_app_template_global(cells.heat_cell, "heat_cell")
bp.add_app_template_global(cells.answer_cell, "answer_cell")


@bp.route("/<int:inventory_id>/results")
@roles_required(*COORDINATION)
def results(inventory_id: int) -> str:
    inventory = get_inventory_or_404(inventory_id)
    rates = reports.response_rates(inventory)
    cells = reports.heat_map(inventory)
    return render_template(
        "needs/results.html",
        inventory=inventory,
        rates=rates,
        total=reports.total_rate(rates),
        areas=services.inventory_areas(inventory),
        departments=reports.departments_in(list(cells) + [(r.id, 0) for r in rates]),
        cells=cells,
        courses=reports.courses_by_area(),
        great_counts=reports.great_need_counts(inventory),
        dept_url=lambda row: url_for(
            "needs.department_results", inventory_id=inventory.id, department_id=row.id
        ),
    )


@bp.route("/<int:inventory_id>/results/key-persons")
@roles_required(*COORDINATION)
def key_persons(inventory_id: int) -> str:
    """The key persons who report a great need (the first rows; the workbook has them all): a
    list of its own, so that the results page does not sort them all on every view."""
    inventory = get_inventory_or_404(inventory_id)
    key_needs, key_needs_more = lists.key_persons_with_great_needs(inventory, KEY_PERSON_LIMIT)
    return render_template(
        "needs/key_persons.html",
        inventory=inventory,
        areas=services.inventory_areas(inventory),
        key_needs=key_needs,
        key_needs_more=key_needs_more,
    )


@bp.route("/<int:inventory_id>/results/departments/<int:department_id>")
@roles_required(*COORDINATION)
def department_results(inventory_id: int, department_id: int) -> str:
    """The department's top units, each counted with the units below it."""
    inventory = get_inventory_or_404(inventory_id)
    department = db.session.get(Department, department_id) or abort(404)
    heads = (reports.HEAD.department_id == department.id) & reports.HEAD.parent_id.is_(None)
    rates = reports.response_rates(inventory, heads=heads)
    texts, texts_total = reports.free_texts(inventory, department_id=department.id)
    return render_template(
        "needs/department.html",
        texts=texts,
        texts_more=texts_total - len(texts),
        inventory=inventory,
        department=department,
        rates=rates,
        total=reports.total_rate(rates),
        areas=services.inventory_areas(inventory),
        cells=reports.heat_map(inventory, heads=heads),
        unit_url=lambda row: url_for(
            "needs.unit_results", inventory_id=inventory.id, unit_id=row.id
        ),
    )


@bp.route("/<int:inventory_id>/results/units/<int:unit_id>")
@roles_required(Role.MANAGER, *COORDINATION)
def unit_results(inventory_id: int, unit_id: int) -> str:
    """A unit's people directly in it, then each unit just below it with the units below that;
    the answers of its people and the free text. Managers: only units in their scope (else 404)."""
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft:
        abort(404)
    unit = get_unit_or_404(unit_id)
    scope = current_scope()
    own, below, cells = drilldown.unit_results(inventory, unit.id)
    rates = [
        reports.Rate(r.id, _("%(unit)s (the unit itself)", unit=r.name), r.in_scope, r.answered)
        for r in own
    ] + below
    texts, texts_total = reports.free_texts(inventory, unit_path=unit.path)
    return render_template(
        "needs/unit.html",
        inventory=inventory,
        unit=unit,
        coordinator_view=scope.everything,
        breadcrumbs=_breadcrumbs(unit, scope),
        people=reports.answers_in_unit(inventory, unit.id),
        need_labels=export.need_labels(),
        texts=texts,
        texts_more=texts_total - len(texts),
        rates=rates,
        total=reports.total_rate(rates),
        areas=services.inventory_areas(inventory),
        cells=cells,
        # The unit's own row is this page; the units below it open theirs.
        unit_url=lambda row: (
            None
            if row.id == unit.id
            else url_for("needs.unit_results", inventory_id=inventory.id, unit_id=row.id)
        ),
    )


def _breadcrumbs(unit: Unit, scope: Scope) -> list[Unit]:
    """The units above `unit`, from the top, that the reader may open: a manager's begin at the
    highest unit they manage (the scope's rule, found in one statement, not one a unit)."""
    above = unit_breadcrumbs(unit)[:-1]
    if scope.everything or not above:
        return above
    managed = set(
        db.session.scalars(
            select(UnitManager.unit_id).where(
                UnitManager.person_id == scope.person_id,
                UnitManager.unit_id.in_([u.id for u in above]),
            )
        )
    )
    return next((above[i:] for i, u in enumerate(above) if u.id in managed), [])


@bp.route("/<int:inventory_id>/compare")
@roles_required(*COORDINATION)
def compare(inventory_id: int) -> str:
    after = get_inventory_or_404(inventory_id)
    before_id = query_int("with")
    before = db.session.get(NeedsInventory, before_id) if before_id else None
    if before is None or before.id == after.id:
        abort(404)
    changes = reports.comparison(before, after)
    return render_template(
        "needs/compare.html",
        before=before,
        after=after,
        areas=services.inventory_areas(after),
        departments=reports.departments_in(changes),
        changes=changes,
    )


@bp.route("/<int:inventory_id>/areas/<int:area_id>/assign", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def assign_preview(inventory_id: int, area_id: int) -> ResponseReturnValue:
    """Who would be assigned which courses; a POST (the confirmation) assigns them."""
    from learnapp.training.forms import NeedsAssignForm

    inventory = get_inventory_or_404(inventory_id)
    area = db.session.get(CompetenceArea, area_id) or abort(404)
    courses = reports.courses_by_area().get(area.id, [])
    form = NeedsAssignForm()
    if form.validate_on_submit() and courses:
        added = services.assign_for_area(
            inventory,
            area,
            reports.people_with_great_need(inventory, area.id),
            courses,
            due_days=form.due_days.data or 0,
            mandatory=bool(form.mandatory.data),
            actor=current_user,
            client_address=request.remote_addr,
        )
        db.session.commit()
        flash(
            ngettext(
                "%(n)s new assignment was made.",
                "%(n)s new assignments were made.",
                added,
                n=formats.number(added),
            )
        )
        return redirect(url_for("needs.assign_preview", inventory_id=inventory.id, area_id=area.id))
    people, count = lists.great_need_in_area(inventory, area.id, KEY_PERSON_LIMIT)
    return render_template(
        "needs/assign.html",
        inventory=inventory,
        area=area,
        people=people,
        count=count,
        courses=courses,
        can_assign=bool(courses) and count > 0,
        form=form,
    )


def _audit_export(inventory: NeedsInventory, kind: str) -> None:
    record(
        "needs.exported",
        actor=current_user,
        target=inventory,
        client_address=request.remote_addr,
        format=kind,
        answers=export.submitted_count(inventory),
    )
    db.session.commit()


@bp.route("/<int:inventory_id>/export.xlsx")
@roles_required(*COORDINATION)
@export_limited
def export_xlsx(inventory_id: int) -> Response:
    inventory = get_inventory_or_404(inventory_id)
    now = utcnow()
    _audit_export(inventory, "xlsx")
    inventory = get_inventory_or_404(inventory_id)
    handle = export.write_workbook(
        inventory, generated_by=current_user, generated_at=now, language=str(get_locale())
    )
    return send_file(
        handle,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=export.file_name(inventory, spreadsheets.local(now).date(), "xlsx"),  # type: ignore[union-attr]
        max_age=0,
    )


@bp.route("/<int:inventory_id>/export.csv")
@roles_required(*COORDINATION)
@export_limited
def export_csv(inventory_id: int) -> Response:
    inventory = get_inventory_or_404(inventory_id)
    now = utcnow()
    _audit_export(inventory, "csv")
    inventory = get_inventory_or_404(inventory_id)
    name = export.file_name(inventory, spreadsheets.local(now).date(), "csv")  # type: ignore[union-attr]
    language = str(get_locale())
    rows = export.answer_rows(inventory, language, other_needs=True)
    return spreadsheets.csv_response(name, export.answer_headers(other_needs=True), rows)
