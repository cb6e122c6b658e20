"""Sign-in as the web layer sees it: loading the signed-in person from the server-side session or
the remember cookie, the cookies themselves, the client's address, and the rules every request
of a signed-in person passes (no caching; a fresh password for privileged pages)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from learnapp.auth import sessions
from learnapp.auth.models import AuthSession
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person

SESSION_KEY = "sid"
# A shared workstation: the device cookie vouches for this many accounts at most.
DEVICE_ACCOUNTS = 10
DEVICE_COOKIE_DAYS = 365
# Pages for which a session older than PRIVILEGED_SESSION_HOURS asks for the password again.
PRIVILEGED_BLUEPRINTS = frozenset({"admin", "scim_admin"})
# Pages reachable while the password must be given again or the second factor is pending.
OPEN_ENDPOINTS = frozenset(
    {
        "auth.logout",
        "auth.login",
        "auth.oidc_login",
        "auth.oidc_callback",
        "static",
        "home.set_language",
    }
)
MFA_ENDPOINTS = frozenset({"auth.mfa_verify", "auth.mfa_enrol"})


def client_address() -> str:
    """The client's address; behind TRUSTED_PROXIES proxies, the one they report (ProxyFix)."""
    return (request.remote_addr or "unknown")[:64]


def user_agent() -> str:
    return (request.headers.get("User-Agent") or "")[:200]


def idle_limit() -> timedelta:
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=int(lifetime))


def remember_for() -> timedelta:
    return timedelta(days=min(30, int(current_app.config["REMEMBER_DAYS"])))


def current_session() -> AuthSession | None:
    if not current_user.is_authenticated:
        return None
    row = g.get("auth_session")
    return row if isinstance(row, AuthSession) else None


def sign_in(started: sessions.Started, *, fresh: bool = True) -> None:
    """Put a started (or resumed) session into this browser's cookies."""
    session[SESSION_KEY] = started.token
    g.auth_session = started.row
    login_user(started.row.person, remember=False, fresh=fresh)
    if started.remember is not None:
        g.set_remember = started.remember


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="learnapp-device")


def _device_tag(email: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"device:" + email.encode(), hashlib.sha256).hexdigest()[:20]


def _device_tags() -> list[str]:
    value = request.cookies.get(current_app.config["AUTH_DEVICE_COOKIE_NAME"])
    if not value:
        return []
    try:
        tags = _device_serializer().loads(value)
    except BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def known_device(email: str) -> bool:
    """Whether this browser has signed in to the account before (a signed device cookie)."""
    return _device_tag(Person.normalise_email(email)) in _device_tags()


def remember_device(email: str) -> None:
    tag = _device_tag(Person.normalise_email(email))
    others = [t for t in _device_tags() if t != tag]
    tags = [*others[-(DEVICE_ACCOUNTS - 1) :], tag]
    g.set_device = _device_serializer().dumps(tags)


def forget_browser() -> None:
    """Sign this browser out: the session cookie's contents and the remember cookie go."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    g.pop("auth_session", None)
    g.clear_remember = True


def _load_user(user_id: str) -> Person | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    row = sessions.find(token, idle_limit())
    if row is None or row.person.get_id() != user_id:
        return None
    g.auth_session = row
    return row.person


def _load_from_remember_cookie(req: Any) -> Person | None:
    value = req.cookies.get(current_app.config["AUTH_REMEMBER_COOKIE_NAME"])
    if not value:
        return None
    started = sessions.resume(value)
    if started is None:
        db.session.rollback()
        g.clear_remember = True
        return None
    db.session.commit()
    sign_in(started, fresh=False)
    return started.row.person


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_from_remember_cookie)

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )

    @app.before_request
    def signed_in_rules() -> Response | None:
        cookie = app.config["AUTH_REMEMBER_COOKIE_NAME"]
        if SESSION_KEY not in session and cookie not in request.cookies:
            return None
        if not current_user.is_authenticated:
            return None
        row = current_session()
        if row is None:
            return None
        if sessions.touch_due(row):
            row.last_seen_at = utcnow()
            db.session.commit()
        if request.endpoint in OPEN_ENDPOINTS or request.endpoint is None:
            return None
        if not row.mfa_passed and request.endpoint not in MFA_ENDPOINTS:
            # Signed in with the password only: the second step comes first.
            return redirect(url_for("auth.mfa_verify", next=request.full_path.rstrip("?")))
        if request.blueprint in PRIVILEGED_BLUEPRINTS and sessions.needs_fresh_password(
            row, timedelta(hours=app.config["PRIVILEGED_SESSION_HOURS"])
        ):
            return redirect(url_for("auth.confirm", next=request.full_path.rstrip("?")))
        return None

    @app.after_request
    def signed_in_headers(response: Response) -> Response:
        config = app.config
        name = config["AUTH_REMEMBER_COOKIE_NAME"]
        if g.get("set_remember"):
            response.set_cookie(
                name,
                g.set_remember,
                max_age=int(remember_for().total_seconds()),
                path="/",
                secure=config["REMEMBER_COOKIE_SECURE"],
                httponly=True,
                samesite=config["REMEMBER_COOKIE_SAMESITE"],
            )
        elif g.get("clear_remember") and name in request.cookies:
            response.delete_cookie(
                name,
                path="/",
                secure=config["REMEMBER_COOKIE_SECURE"],
                httponly=True,
                samesite=config["REMEMBER_COOKIE_SAMESITE"],
            )
        if g.get("set_device"):
            response.set_cookie(
                config["AUTH_DEVICE_COOKIE_NAME"],
                g.set_device,
                max_age=DEVICE_COOKIE_DAYS * 86400,
                path="/",
                secure=config["REMEMBER_COOKIE_SECURE"],
                httponly=True,
                samesite="Lax",
            )
        # Not `is_authenticated`: after a view's commit it would load the person again (an
        # expired `active`) only to set a header.
        if isinstance(g.get("_login_user"), Person):
            # Personal data must not stay in the browser's or a proxy's cache (shared computers).
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response
