"""Friendly error pages in the user's language; never a stack trace or SQL."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from learnapp.extensions import db

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

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
