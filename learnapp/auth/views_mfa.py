"""Two-step sign-in pages: the code after the password, enrolment, and an admin's reset."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from learnapp.audit.services import record
from learnapp.auth import mfa, sessions, web
from learnapp.auth import services as auth
from learnapp.auth.blueprint import bp
from learnapp.auth.forms import MfaCodeForm
from learnapp.auth.views import _next_or_home, _policy
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.permissions import roles_required

PENDING = "mfa_pending_secret"


@bp.route("/login/code", methods=["GET", "POST"])
@login_required
def mfa_verify() -> ResponseReturnValue:
    next_url = request.args.get("next")
    row = web.current_session()
    person = current_user._get_current_object()
    if row is None or row.mfa_passed:
        return redirect(_next_or_home(next_url))
    if mfa.credential(person) is None:
        return redirect(url_for("auth.mfa_enrol", next=next_url))
    form = MfaCodeForm()
    status = 200
    if form.validate_on_submit():
        attempt = auth.begin_attempt(person.email, web.client_address())
        db.session.commit()  # wrong codes count towards the same throttle as wrong passwords
        if auth.throttle_outcome(attempt, _policy(), known_device=True) is not None:
            db.session.delete(attempt)
            record("auth.mfa_throttled", actor=person, target=person)
            db.session.commit()
            flash(_("Too many wrong codes. Wait a while and try again."), "error")
            return render_template("auth/mfa_verify.html", form=form, next=next_url), 429
        kind = mfa.verify(person, form.code.data or "")
        if kind is not None:
            auth.clear_failures(person.email)
            row.mfa_passed = True
            sessions.confirm_password(row)
            action = "auth.recovery_code_used" if kind == "recovery" else "auth.mfa_passed"
            record(action, actor=person, target=person, client_address=web.client_address())
            db.session.commit()
            if kind == "recovery":
                flash(
                    ngettext(
                        "You used a recovery code; %(num)d is left. Set up two-step sign-in "
                        "again if you have lost your phone.",
                        "You used a recovery code; %(num)d are left. Set up two-step sign-in "
                        "again if you have lost your phone.",
                        mfa.recovery_codes_left(person),
                    ),
                    "info",
                )
            return redirect(_next_or_home(next_url))
        record("auth.mfa_failed", actor=person, target=person, client_address=web.client_address())
        db.session.commit()
        form.code.errors.append(_("The code is wrong or has already been used."))
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/mfa_verify.html", form=form, next=next_url), status


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def mfa_enrol() -> ResponseReturnValue:
    next_url = request.args.get("next")
    row = web.current_session()
    person = current_user._get_current_object()
    if row is not None and not row.mfa_passed and mfa.credential(person) is not None:
        # Enrolling again needs the second factor first: the password alone may not replace it.
        return redirect(url_for("auth.mfa_verify", next=next_url))
    secret = session.get(PENDING)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = mfa.new_secret()
        session[PENDING] = secret
    form = MfaCodeForm()
    status = 200
    if form.validate_on_submit():
        if mfa.code_matches(secret, form.code.data or ""):
            codes = mfa.enrol(person, secret)
            if row is not None:
                row.mfa_passed = True
                sessions.confirm_password(row)
            record("auth.mfa_enrolled", actor=person, target=person)
            db.session.commit()
            session.pop(PENDING, None)
            return render_template(
                "auth/mfa_codes.html", codes=codes, next_url=_next_or_home(next_url)
            )
        form.code.errors.append(_("The code is wrong. Check the time on your phone and try again."))
        status = 400
    uri = mfa.provisioning_uri(person, secret)
    return render_template(
        "auth/mfa_enrol.html",
        form=form,
        next=next_url,
        qr=mfa.qr_svg(uri),
        key=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=mfa.is_required(person),
    ), status


@bp.route("/account/people/<int:person_id>/two-step/reset", methods=["POST"])
@roles_required(Role.ADMIN)
def mfa_reset(person_id: int) -> ResponseReturnValue:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    if mfa.reset(person):
        sessions.revoke_all(person)
        record("auth.mfa_reset", actor=current_user._get_current_object(), target=person)
        db.session.commit()
        flash(_("Two-step sign-in was reset for %(name)s.", name=person.name), "success")
    else:
        flash(_("%(name)s has no two-step sign-in to reset.", name=person.name), "info")
    return redirect(url_for("admin.person", person_id=person.id))
