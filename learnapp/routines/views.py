"""Pages for everyone: "Min rutin", a routine with its acknowledgement, "Vem kontaktar jag?"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learnapp.bounds import form_int
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.routines import contacts, queries, services
from learnapp.routines.access import get_routine_to_read_or_404
from learnapp.routines.blueprint import bp
from learnapp.routines.models import RoutineStatus
from learnapp.routines.services import RoutineError


def home_panel(person: Person) -> str | None:
    pending = queries.mine(person, pending_only=True)
    if not pending:
        return None
    return render_template("routines/_panel_home.html", rows=pending)


@bp.route("/")
@login_required
def mine() -> ResponseReturnValue:
    return render_template("routines/mine.html", rows=queries.mine(current_user))


@bp.route("/contacts", endpoint="contacts")
@login_required
def contacts_page() -> ResponseReturnValue:
    return render_template("routines/contacts.html", contacts=contacts.for_reader(current_user))


def _page(routine_id: int, template: str) -> ResponseReturnValue:
    routine = get_routine_to_read_or_404(routine_id)
    version = services.current_version(routine) or abort(404)
    row = db.session.get(RoutineStatus, (current_user.id, routine.id))
    return render_template(
        template,
        routine=routine,
        version=version,
        row=row,
        contacts=contacts.for_reader(current_user),
        may_edit=services.may_edit(current_user, routine),
    )


@bp.route("/<int:routine_id>")
@login_required
def show(routine_id: int) -> ResponseReturnValue:
    return _page(routine_id, "routines/show.html")


@bp.route("/<int:routine_id>/print")
@login_required
def print_view(routine_id: int) -> ResponseReturnValue:
    return _page(routine_id, "routines/print.html")


@bp.route("/<int:routine_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(routine_id: int) -> ResponseReturnValue:
    routine = get_routine_to_read_or_404(routine_id)
    version_id = form_int("version")
    try:
        services.acknowledge(routine, version_id or 0, current_user)
    except RoutineError as error:
        if error.code == "not_applicable":
            abort(404)
        db.session.rollback()
        flash(
            _("A newer version of the routine has been published. Read it, then acknowledge it."),
            "error",
        )
        return redirect(url_for("routines.show", routine_id=routine.id))
    db.session.commit()
    flash(_("Thank you. Your acknowledgement of the routine has been recorded."), "success")
    return redirect(url_for("routines.show", routine_id=routine.id))
