"""Delivery right after the commit that wrote mail: after the response in the web process, at
the end of the command in the CLI. Whatever is left goes with `flask mail deliver`."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from learnapp.extensions import db
from learnapp.notifications.outbox import QUEUED_FLAG

READY = "learnapp_mail_ready"


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(QUEUED_FLAG, False) and has_app_context():
        setattr(g, READY, True)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(QUEUED_FLAG, None)


def deliver_quietly(app: Flask) -> None:
    """Deliver a few due mails; never raise (the change that wrote them is already done)."""
    from learnapp.notifications.delivery import deliver

    try:
        deliver(limit=app.config["MAIL_DELIVER_AFTER_COMMIT"])
    except Exception:
        app.logger.exception("Delivering mail after the commit failed; it stays in the outbox")
        db.session.rollback()
    finally:
        db.session.remove()


def init_app(app: Flask) -> None:
    @app.after_request
    def _deliver_after_response(response: Response) -> Response:
        # In tests ("memory") the app context's end delivers, as the test client never closes.
        if app.config["MAIL_BACKEND"] != "memory" and g.pop(READY, False):

            def run() -> None:
                with app.app_context():
                    deliver_quietly(app)

            response.call_on_close(run)
        return response

    @app.teardown_appcontext
    def _deliver_at_end(_error: Any) -> None:
        if g.pop(READY, False):
            deliver_quietly(current_app._get_current_object())  # type: ignore[attr-defined]
