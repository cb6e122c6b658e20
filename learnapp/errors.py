"""Friendly error pages in the user's language; never a stack trace or SQL."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from learnapp.db import is_database_busy
from learnapp.extensions import db

RETRY_AFTER_SECONDS = 5  # a busy SQLite database: another writer holds it for a moment

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


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            str(
                _l(
                    "The form had expired or was not sent from this site. Reload the page and try again."
                )
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError) -> ResponseReturnValue:
        if not is_database_busy(error):
            return unexpected(error)
        db.session.rollback()
        app.logger.warning("Database busy, answered 503: %s", error.orig)
        body, code = render_error(503)
        return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
