"""Opening, closing, extending and reopening an inventory: each after a page that says how many
people it concerns, and each audited (in the services)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs import reports, services
from learnapp.needs.access import get_inventory_or_404
from learnapp.needs.blueprint import bp
from learnapp.needs.forms import ClosingDateForm
from learnapp.needs.models import InventoryStateError
from learnapp.org.models import Role
from learnapp.permissions import roles_required

COORDINATION = (Role.COORDINATOR, Role.ADMIN)

STATE_MESSAGES = {
    "only a draft inventory can be opened": _l("Only a draft can be opened."),
    "only an open inventory can be closed": _l("Only an open inventory can be closed."),
    "choose at least one department before opening": _l(
        "Choose at least one department before opening."
    ),
}


@bp.route("/<int:inventory_id>/<any(open, close):transition>", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def change_state(inventory_id: int, transition: str) -> ResponseReturnValue:
    """GET: the confirmation, with how many are asked (and, closing, how many answered).
    POST from that page: open or close."""
    inventory = get_inventory_or_404(inventory_id)
    if request.method == "GET" or request.form.get("confirmed") != "1":
        allowed = inventory.is_draft if transition == "open" else inventory.is_open
        if not allowed:
            return redirect(url_for("needs.detail", inventory_id=inventory.id))
        total = reports.total_rate(reports.response_rates(inventory))
        return render_template(
            "needs/confirm_state.html", inventory=inventory, transition=transition, total=total
        )
    try:
        if transition == "open":
            services.open_inventory(inventory, current_user)
            message = _("The inventory is open. The people asked see it on their start page.")
        else:
            services.close_inventory(inventory, current_user)
            message = _("The inventory is closed. Answers can no longer be changed.")
    except InventoryStateError as error:
        db.session.rollback()
        flash(str(STATE_MESSAGES.get(str(error), error)), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("needs.detail", inventory_id=inventory_id))


@bp.route("/<int:inventory_id>/closing-date", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def closing_date(inventory_id: int) -> ResponseReturnValue:
    """Extend an open inventory's closing date, or reopen a closed one until a new date."""
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft:
        abort(404)
    form = ClosingDateForm(
        current=inventory.closes_on if inventory.is_open else None, today=utcnow().date()
    )
    if form.validate_on_submit():
        reopening = inventory.is_closed
        services.change_closing_date(inventory, current_user, form.closes_on.data)
        db.session.commit()
        if reopening:
            flash(
                _("The inventory is open again. Those who have not answered can answer."), "success"
            )
        else:
            flash(_("The closing date is changed."), "success")
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    total = reports.total_rate(reports.response_rates(inventory))
    return render_template("needs/closing_date.html", inventory=inventory, form=form, total=total)


@bp.route("/<int:inventory_id>/latecomers", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def latecomers(inventory_id: int) -> ResponseReturnValue:
    """Who the inventory asks was fixed when it opened; people who came into its scope since are
    added here, after a page that says how many (they are then invited)."""
    inventory = get_inventory_or_404(inventory_id)
    if not inventory.is_open:
        abort(404)
    if request.method == "POST":
        added = services.add_latecomers(inventory, current_user)
        db.session.commit()
        if added:
            flash(
                ngettext(
                    "%(num)d person was added to the inventory and gets an invitation.",
                    "%(num)d people were added to the inventory and get an invitation.",
                    added,
                ),
                "success",
            )
        else:
            flash(_("Nobody new was in scope; nobody was added."), "info")
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    return render_template(
        "needs/latecomers.html", inventory=inventory, count=services.latecomer_count(inventory)
    )
