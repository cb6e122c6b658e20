"""Reminders sent by hand, each after a confirmation page that says who will get one:
an inventory's unanswered people (coordinator), a unit's overdue people (manager)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learnapp.extensions import db
from learnapp.needs.access import get_inventory_or_404
from learnapp.notifications import inventories, unit_reminders
from learnapp.notifications.blueprint import bp
from learnapp.org.models import Role
from learnapp.permissions import current_scope, get_unit_or_404, roles_required

COORDINATION = (Role.COORDINATOR, Role.ADMIN)
FOLLOWERS = (Role.MANAGER, Role.COORDINATOR, Role.ADMIN)


@bp.route("/inventories/<int:inventory_id>/remind", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def remind_inventory(inventory_id: int) -> ResponseReturnValue:
    inventory = get_inventory_or_404(inventory_id)
    if not inventory.is_open:
        abort(404)
    if request.method == "POST":
        sent = inventories.remind_now(
            inventory, actor=current_user, client_address=request.remote_addr
        )
        db.session.commit()
        _flash_sent(sent)
        return redirect(url_for("needs.detail", inventory_id=inventory.id))
    return render_template(
        "notifications/remind_inventory.html",
        inventory=inventory,
        count=inventories.remind_now_count(inventory),
    )


@bp.route("/units/<int:unit_id>/remind", methods=["GET", "POST"])
@roles_required(*FOLLOWERS)
def remind_unit(unit_id: int) -> ResponseReturnValue:
    unit = get_unit_or_404(unit_id)
    scope = current_scope()
    if request.method == "POST":
        sent = unit_reminders.remind_unit(
            unit, scope, current_user, client_address=request.remote_addr
        )
        db.session.commit()
        _flash_sent(sent)
        return redirect(url_for("training.team_unit", unit_id=unit.id))
    return render_template(
        "notifications/remind_unit.html",
        unit=unit,
        overdue=unit_reminders.overdue_page(unit, scope, current_user),
    )


def _flash_sent(sent: int) -> None:
    """Tell the sender how many reminders went, or that nobody needed one."""
    if sent:
        flash(
            ngettext(
                "A reminder is on its way to %(num)d person.",
                "A reminder is on its way to %(num)d people.",
                sent,
            ),
            "success",
        )
    else:
        flash(_("Nobody needed a reminder; nothing was sent."), "info")
