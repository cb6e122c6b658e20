"""Follow-up: managers see who in their units has not acknowledged and remind them; the
coordinator sees the share per department; both export (formula-safe, audit-logged)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from learnapp import spreadsheets, xlsx_stream
from learnapp.audit.services import record
from learnapp.bounds import form_int, query_int
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Role
from learnapp.permissions import current_scope, roles_required
from learnapp.routines import followup, mails
from learnapp.routines.blueprint import bp
from learnapp.routines.models import AckStatus, Routine

FOLLOWERS = (Role.MANAGER, Role.COORDINATOR, Role.ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LABELS = {
    AckStatus.ACKNOWLEDGED.value: _l("Acknowledged"),
    AckStatus.PENDING.value: _l("Not acknowledged"),
}


def _published_or_404(routine_id: int | None) -> Routine:
    routine = db.session.get(Routine, routine_id or 0)
    if routine is None or not routine.is_published:
        abort(404)
    return routine


@bp.route("/follow-up")
@roles_required(*FOLLOWERS)
def follow_up() -> ResponseReturnValue:
    scope = current_scope()
    routines = followup.published_routines()
    context: dict[str, Any] = {"routines": routines, "everything": scope.everything}
    if scope.everything:
        context["departments"] = followup.departments()
        context["shares"] = followup.department_shares()
    else:
        shares = followup.scope_shares(scope)
        chosen = query_int("routine")
        if chosen not in shares:
            chosen = next((r for r, _t in routines if shares.get(r) and shares[r].pending), None)
        context["unit_shares"] = shares
        context["chosen"] = chosen
        context["pending"] = followup.pending_people(scope, chosen) if chosen else []
        context["limit"] = followup.PEOPLE_SHOWN
    return render_template("routines/follow_up.html", **context)


@bp.route("/follow-up/remind", methods=["POST"])
@roles_required(Role.MANAGER)
def remind() -> ResponseReturnValue:
    scope = current_scope()
    routine = _published_or_404(form_int("routine"))
    if routine.id not in followup.scope_shares(scope):
        abort(404)
    queued = mails.queue_reminders(
        routine,
        followup.people_in_scope(scope),
        actor=current_user,
        client_address=request.remote_addr,
    )
    db.session.commit()
    if queued:
        flash(
            ngettext(
                "A reminder is on its way to %(num)d person.",
                "A reminder is on its way to %(num)d people.",
                queued,
            ),
            "success",
        )
    else:
        flash(_("Nobody to remind: everyone pending was reminded in the last day."), "info")
    return redirect(url_for("routines.follow_up", routine=routine.id))


def _headers() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Department"),
        _("Unit"),
        _("Routine"),
        _("Current version"),
        _("Status"),
        _("Acknowledged version"),
        _("Acknowledged"),
    ]


def _rows() -> Any:
    convert = spreadsheets.local_converter()
    for row in followup.export_rows(current_scope()):
        row[6] = str(STATUS_LABELS.get(row[6], row[6]))
        row[7] = row[7] or None
        row[8] = convert(row[8])
        yield row


@bp.route("/follow-up/export.<any(csv, xlsx):fmt>")
@roles_required(*FOLLOWERS)
def export(fmt: str) -> ResponseReturnValue:
    record("routines.exported", actor=current_user, client_address=request.remote_addr, format=fmt)
    db.session.commit()
    today = spreadsheets.local(utcnow()).date()  # type: ignore[union-attr]
    name = f"rutiner-bekraftelser-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_response(name, _headers(), _rows())
    # Streamed (learnapp.xlsx_stream): everyone in the organisation × its routines may be
    # 100,000 rows, which XlsxWriter's per-cell calls write in some 13 s.
    widths = [28, 30, 30, 26, 34, 10, 18, 10, 18]
    out = xlsx_stream.workbook(_("Routines"), _headers(), _rows(), widths)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)
