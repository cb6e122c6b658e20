"""The admin's page of mails that could not be delivered, with "send again"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.bounds import query_int
from learnapp.extensions import db
from learnapp.notifications import queries
from learnapp.notifications.blueprint import bp
from learnapp.notifications.delivery import send_again
from learnapp.notifications.models import OutboxMail
from learnapp.org.models import Role
from learnapp.permissions import roles_required

PAGE_SIZE = 50


@bp.route("/failed")
@roles_required(Role.ADMIN)
def failed() -> ResponseReturnValue:
    page = max(query_int("page", 1) or 1, 1)
    total, rows = queries.failed_mails(page, PAGE_SIZE)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "notifications/failed.html",
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        counts=queries.state_counts(),
        args={},
    )


@bp.route("/failed/<int:mail_id>/again", methods=["POST"])
@roles_required(Role.ADMIN)
def again(mail_id: int) -> ResponseReturnValue:
    mail = db.session.get(OutboxMail, mail_id) or abort(404)
    if send_again(mail, actor=current_user, client_address=request.remote_addr):
        db.session.commit()
        flash(_("The mail is queued again and goes out shortly."), "success")
    else:
        flash(_("That mail is no longer failed; nothing was changed."), "info")
    return redirect(url_for("notifications.failed"))
