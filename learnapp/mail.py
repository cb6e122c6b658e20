"""Sending e-mail: `send_mail` writes the mail to the outbox in the caller's transaction.

It is delivered after the commit (a rolled-back change sends nothing, a committed one is never
lost): by the web process right after the response, at the end of a CLI command, and by
`flask mail deliver` for anything left. MAIL_BACKEND says where delivery goes: "smtp" sends,
"log" writes to the log (development), "memory" keeps messages in
`app.extensions["learnapp.outbox"]` (tests). See `learnapp/notifications/`.

Call it in the recipient's language (`force_locale(person.language)`): the footer is written in
the current locale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learnapp.notifications.models import OutboxMail


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
    # Imported here: the outbox's package imports the features that import this module.
    from learnapp.notifications.outbox import queue

    return queue(to, subject, body, kind=kind, person_id=person_id, why=why, attachment=attachment)
