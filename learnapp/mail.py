"""Sending e-mail: `send_mail` writes the mail to the outbox in the caller's transaction.

It is delivered after the commit (a rolled-back change sends nothing, a committed one is never
lost): by the web process right after the response, at the end of a CLI command, and by
`flask mail deliver` for anything left. MAIL_BACKEND says where delivery goes: "smtp" sends,
"log" writes to the log (development), "memory" keeps messages in
`app.extensions["learnapp.outbox"]` (tests). See `learnapp/notifications/`: that feature owns the
outbox and hands its `queue` to this module when it is mounted (`set_outbox`), so that this
module, which every feature uses, imports no feature.

Call it in the recipient's language (`force_locale(person.language)`): the footer is written in
the current locale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:
    from learnapp.notifications.models import OutboxMail

_OUTBOX = "learnapp.mail_queue"


def set_outbox(app: Flask, queue: Callable[..., Any]) -> None:
    """Where `send_mail` writes mail in this app (the notifications feature's outbox)."""
    app.extensions[_OUTBOX] = queue


def send_mail(
    to: str,
    subject: str,
    body: str,
    *,
    kind: str = "message",
    person_id: int | None = None,
    why: str | None = None,
    attachment: tuple[str, str] | None = None,
) -> OutboxMail:
    """Queue a mail to `to`. `why` is the footer's reason (else: "you have an account");
    `attachment` is (file name, iCalendar text)."""
    queue = current_app.extensions.get(_OUTBOX)
    if queue is None:
        raise RuntimeError("no outbox: the notifications feature is not mounted in this app")
    mail: OutboxMail = queue(
        to, subject, body, kind=kind, person_id=person_id, why=why, attachment=attachment
    )
    return mail
