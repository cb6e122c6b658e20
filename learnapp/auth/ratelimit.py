"""Rate limits kept in the database (every worker and host sees the same counts).

Each use is recorded first and counted after, in separate transactions, so that parallel
requests each count the others and no more than the limit get through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, func, select
from werkzeug.wrappers import Response

from learnapp.auth.models import RateEvent
from learnapp.db import utcnow
from learnapp.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def hit(kind: str, key: str) -> RateEvent:
    event = RateEvent(kind=kind, key=key[:254], at=utcnow())
    db.session.add(event)
    db.session.flush()
    return event


def count(kind: str, key: str, within: timedelta) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RateEvent)
            .where(
                RateEvent.kind == kind, RateEvent.key == key[:254], RateEvent.at > utcnow() - within
            )
        )
        or 0
    )


def forget(event_id: int) -> None:
    db.session.execute(delete(RateEvent).where(RateEvent.id == event_id))


def purge(older_than: timedelta = timedelta(days=1)) -> None:
    db.session.execute(delete(RateEvent).where(RateEvent.at < utcnow() - older_than))


def _once(app: Flask, event_id: int) -> Callable[[], None]:
    done = False

    def finish() -> None:
        nonlocal done
        if done:
            return
        done = True
        with app.app_context():
            forget(event_id)
            db.session.commit()

    return finish


def _then(chunks: Iterable[Any], finish: Callable[[], None]) -> Iterator[Any]:
    try:
        yield from chunks
    finally:
        finish()


def export_limited(view: F) -> F:
    """At most one export running per person and EXPORTS_PER_MINUTE a minute; else 429 with a
    page in the person's language. The running mark goes when the file has been sent."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from learnapp.errors import render_error

        config = current_app.config
        key = str(current_user.id)
        hit("export", key)
        running = hit("export_running", key)
        db.session.commit()
        stale = timedelta(minutes=config["EXPORT_RUNNING_MINUTES"])
        if count("export", key, timedelta(minutes=1)) > config["EXPORTS_PER_MINUTE"]:
            message = _(
                "You have started many exports in a short time. Wait a minute and try again."
            )
        elif count("export_running", key, stale) > 1:
            message = _(
                "One of your exports is still being made. Wait until it is done and try again."
            )
        else:
            message = None
        if message is not None:
            forget(running.id)
            db.session.commit()
            return render_error(429, message)
        response = view(*args, **kwargs)
        finish = _once(current_app._get_current_object(), running.id)  # type: ignore[attr-defined]
        if isinstance(response, Response) and response.is_streamed:
            # Done when the last chunk has been sent, or the client went away.
            response.response = _then(response.response, finish)
            response.call_on_close(finish)
        else:
            finish()
        return response

    return wrapped  # type: ignore[return-value]
