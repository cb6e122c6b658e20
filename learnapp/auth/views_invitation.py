"""The invitation's link: an invited person chooses their first password."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnapp.audit.services import record
from learnapp.auth import passwords, web
from learnapp.auth import services as auth
from learnapp.auth.blueprint import bp
from learnapp.auth.forms import ResetPasswordForm
from learnapp.auth.models import TokenPurpose
from learnapp.extensions import db


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> ResponseReturnValue:
    row = auth.find_valid_reset_token(token, TokenPurpose.INVITATION)
    if row is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        weak = passwords.weakness(form.new.data or "", row.person)
        if not weak:
            # Spends this and every other open link of the person; ends any session of theirs.
            person = auth.reset_password(row, form.new.data or "")
            record(
                "auth.invitation_accepted",
                actor=person,
                target=person,
                client_address=web.client_address(),
            )
            db.session.commit()
            flash(
                _("Your password is set. Sign in with your e-mail address and the password."),
                "success",
            )
            return redirect(url_for("auth.login"))
        form.new.errors.append(weak)
    if form.errors:
        status = 422
    return render_template("auth/invitation.html", form=form, person=row.person), status
