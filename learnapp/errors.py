"""Friendly error pages in the user's language; never a stack trace or SQL.

Every error page renders without the database: when the database cannot answer (unreachable,
restarting, or too busy to wait for), the page is a 503 with `Retry-After`, in the language of
the session or of the browser, for a visitor who is not signed in (loading the signed-in person
would ask the database again).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, SecurityError

from learnapp.db import is_database_busy
from learnapp.extensions import db, login_manager

# What a database that cannot answer now raises: a refused or lost connection, a full pool, a lock
# waited on too long (SQLite's "database is locked").
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)

BUSY_RETRY_AFTER_SECONDS = 5  # a busy SQLite database: another writer holds it for a moment
RETRY_AFTER_SECONDS = 30  # a database that cannot be reached: restarting, or the network

MESSAGES = {
    400: (
        _l("The request could not be handled"),
        _l("Something in the request was wrong. Go back and try again."),
    ),
    403: (_l("You do not have access"), _l("Your account does not have access to this page.")),
    404: (
        _l("The page was not found"),
        _l("The page does not exist, or you do not have access to it."),
    ),
    405: (_l("The request could not be handled"), _l("This page cannot be used that way.")),
    413: (_l("The file is too large"), _l("The file you sent is larger than the service accepts.")),
    429: (_l("Too many requests"), _l("Wait a moment and try again.")),
    503: (
        _l("The service is busy"),
        _l("Many changes are being saved right now. Try again in a moment."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "An error occurred on our side. Try again in a while. If it keeps happening, contact the support."
        ),
    ),
}
UNREACHABLE = (
    _l("The service cannot answer right now"),
    _l(
        "Your request could not be handled just now, and nothing of it was saved. Try again in a moment."
    ),
)


def is_unavailable(error: BaseException) -> bool:
    """Whether the database could not answer now (as opposed to a query that is wrong)."""
    if not isinstance(error, UNAVAILABLE):
        return False
    # SQLite reports a missing table or a bad statement as an OperationalError too.
    return not any(
        word in str(error.orig if isinstance(error, sa_exc.DBAPIError) else error)
        for word in ("no such ", "syntax error")
    )


def render_error(code: int, message: str | None = None) -> ResponseReturnValue:
    title, default = MESSAGES.get(code, MESSAGES[500])
    try:
        page = render_template(
            "errors/error.html", code=code, title=title, message=message or default
        )
    except UNAVAILABLE as error:  # the layout asked the database for the signed-in person
        if not is_unavailable(error):
            raise
        return database_unavailable(error)
    return page, code


def database_unavailable(error: Exception) -> ResponseReturnValue:
    """The 503 page, rendered without touching the database again: busy (another writer held
    SQLite past busy_timeout) or unreachable."""
    busy = is_database_busy(error)
    current_app.logger.warning(
        "The database is %s: %s", "busy" if busy else "unavailable", error.__class__.__name__
    )
    g.error_locale = _language_without_database()
    try:
        db.session.rollback()
    except Exception:  # a connection that is gone may fail to roll back too
        current_app.logger.warning("Rollback failed on an unavailable database")
    g._login_user = login_manager.anonymous_user()  # current_user in the layout: no query
    refresh()
    title, message = MESSAGES[503] if busy else UNREACHABLE
    headers = {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS if busy else RETRY_AFTER_SECONDS)}
    try:
        page = render_template("errors/error.html", code=503, title=title, message=message)
    except Exception:  # the last resort must not fail
        page = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
    return page, 503, headers


def _language_without_database() -> str:
    """The signed-in person's language if it was loaded before the failure, else the session's,
    else the best of the browser's that the app speaks."""
    languages = current_app.config["LANGUAGES"]
    user = g.get("_login_user")
    loaded = getattr(user, "__dict__", {}).get("language")  # not expired: no query
    if loaded in languages:
        return str(loaded)
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    best = request.accept_languages.best_match(languages)
    return str(best or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> ResponseReturnValue:
        return render_error(
            400,
            str(
                _l(
                    "The form had expired or was not sent from this site. Reload the page and try again."
                )
            ),
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError) -> Response:
        # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
        return Response(
            "400: okänd värd / unknown host\n", status=400, mimetype="text/plain; charset=utf-8"
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        if is_unavailable(error):
            return database_unavailable(error)
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
