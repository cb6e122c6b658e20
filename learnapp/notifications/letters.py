"""Pieces every letter shares: the greeting and the body's frame. Call in the reader's locale."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from learnapp.notifications.outbox import footer


def letter(name: str, *parts: str | Iterable[str], why: str | None) -> str:
    """Greeting, then each part as a paragraph (a list of lines is one paragraph), then the
    footer saying `why` (none when `why` is None: `send_mail` adds it)."""
    paragraphs = [_("Hello %(name)s,", name=name)]
    for part in parts:
        paragraphs.append(part if isinstance(part, str) else "\n".join(part))
    if why is not None:
        paragraphs.append(footer(why))
    return "\n\n".join(p for p in paragraphs if p)
