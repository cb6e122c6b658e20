"""Single sign-on: the button's redirect to the OpenID Provider and the provider's callback.

Every way it can go wrong ends on a page in the visitor's language that says what happened and
what to do, never a 500; nothing but the audit event is written then. A sign-in is audited with
its method ("oidc"), and the session starts as one that needs no second factor here (the
provider asked for whatever the organisation requires).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnapp.audit.services import record
from learnapp.auth import oidc, oidc_config, sessions, sso, web
from learnapp.auth import services as auth
from learnapp.auth.blueprint import bp
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.urls import is_safe_next

PENDING_KEY = "oidc_pending"  # state -> what `oidc.begin` returned, for sign-ins under way
SSO_KEY = "oidc_id_token"  # set on a session started by single sign-on (for the sign-out)
PENDING_KEPT = 3  # sign-ins under way in one browser (tabs) at most
# An ID token longer than this is not kept in the session cookie (browsers keep 4 KB); the
# sign-out at the provider then goes with the client id alone.
ID_TOKEN_KEPT = 2000


def callback_uri() -> str:
    """The redirect URI to register at the provider: <BASE_URL>/auth/oidc/callback."""
    return external_url("auth.oidc_callback")


@bp.route("/auth/oidc/login")
def oidc_login() -> ResponseReturnValue:
    if not oidc_config.enabled():
        abort(404)
    next_url = request.args.get("next")
    try:
        url, pending = oidc.begin(
            callback_uri(),
            next_url if next_url and is_safe_next(next_url) else None,
            force_login=request.args.get("reauth") == "1",
        )
    except oidc.OidcError as error:
        return _failed(error)
    waiting = session.get(PENDING_KEY)
    kept = dict(list(waiting.items())[-(PENDING_KEPT - 1) :]) if isinstance(waiting, dict) else {}
    kept[pending.state] = pending.as_dict()
    session[PENDING_KEY] = kept
    return redirect(url)


@bp.route("/auth/oidc/callback")
def oidc_callback() -> ResponseReturnValue:
    if not oidc_config.enabled():
        abort(404)
    waiting = session.get(PENDING_KEY)
    waiting = dict(waiting) if isinstance(waiting, dict) else {}
    # Spent at once: the same answer from the provider cannot be used twice.
    pending = oidc.Pending.from_dict(waiting.pop(request.args.get("state", ""), None))
    session[PENDING_KEY] = waiting
    if pending is None:
        return _failed(oidc.OidcError(oidc.Failure.STATE, "no sign-in under way with that state"))
    try:
        signed = oidc.finish(pending, request.args.to_dict(), callback_uri())
    except oidc.OidcError as error:
        return _failed(error)
    result = sso.match(signed.claims)
    if result.outcome is not sso.Outcome.OK or result.person is None:
        return _refused(result)
    person = result.person
    previous = web.current_session()
    if previous is not None:
        sessions.revoke(previous)  # signing in again (e.g. to confirm) replaces the session
    # A language chosen on the sign-in page is the person's choice: keep it on the account.
    chosen = session.get("lang_choice")
    if isinstance(chosen, str) and chosen in current_app.config["LANGUAGES"]:
        person.language = chosen
    record(
        "auth.login",
        actor=person,
        target=person,
        client_address=web.client_address(),
        method="oidc",
        created=result.created,
    )
    started = sessions.start(
        person,
        remember_for=None,
        user_agent=web.user_agent(),
        client_address=web.client_address(),
        mfa_passed=True,
    )
    auth.clear_failures(person.email)
    db.session.commit()
    session.clear()  # a fresh session on sign-in: no fixation
    web.sign_in(started)
    session["lang"] = person.language
    session[SSO_KEY] = signed.id_token if len(signed.id_token) <= ID_TOKEN_KEPT else ""
    next_url = pending.next_url
    return redirect(next_url if next_url and is_safe_next(next_url) else url_for("home.index"))


def _failure_texts() -> dict[oidc.Failure, str]:
    return {
        oidc.Failure.STATE: _(
            "The sign-in could not be completed: this browser had not started it, or its "
            "answer was already used. Start again from the sign-in page."
        ),
        oidc.Failure.DENIED: _(
            "The sign-in was cancelled or refused at your organisation's sign-in service. "
            "Start again from the sign-in page."
        ),
        oidc.Failure.TOKEN: _(
            "The answer from your organisation's sign-in service could not be verified, so "
            "you were not signed in. Start again from the sign-in page; if it happens again, "
            "contact the IT support."
        ),
        oidc.Failure.PROVIDER_DOWN: _(
            "Your organisation's sign-in service does not answer right now. Try again in a while."
        ),
    }


STATUS = {
    oidc.Failure.STATE: 400,
    oidc.Failure.DENIED: 403,
    oidc.Failure.TOKEN: 400,
    oidc.Failure.PROVIDER_DOWN: 503,
}


def _failed(error: oidc.OidcError) -> ResponseReturnValue:
    db.session.rollback()
    current_app.logger.warning("Single sign-on failed: %s", error)
    record(
        "auth.sso_failed",
        client_address=web.client_address(),
        reason=error.failure.value,
        detail=error.detail[:300],
    )
    db.session.commit()
    return render_template(
        "auth/oidc_failed.html", message=_failure_texts()[error.failure]
    ), STATUS[error.failure]


def _refused(result: sso.Match) -> ResponseReturnValue:
    db.session.rollback()  # nothing of the attempt is kept but the audit event
    details: dict[str, Any] = {"reason": result.outcome.value, "email": result.email}
    record(
        "auth.sso_refused",
        target=result.person,
        client_address=web.client_address(),
        **details,
    )
    db.session.commit()
    if result.outcome is sso.Outcome.DEACTIVATED:
        return render_template("auth/oidc_deactivated.html"), 403
    return render_template("auth/oidc_unknown.html", email=result.email), 403
