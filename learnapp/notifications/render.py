"""Mails queued as a kind and a person are written at delivery, in the person's language.

Each kind registers a renderer that fills `subject`, `body` and `to_address` of a batch of mails
(one query per batch, not per mail), or returns the ids of those with nothing left to say.
"""

from __future__ import annotations

from collections.abc import Callable

from learnapp.notifications.models import OutboxMail

Renderer = Callable[[list[OutboxMail]], set[int]]
_renderers: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        _renderers[kind] = fn
        return fn

    return register


def render(mails: list[OutboxMail]) -> set[int]:
    """Fill in the unwritten mails; return the ids of mails to cancel (nothing to send)."""
    by_kind: dict[str, list[OutboxMail]] = {}
    for mail in mails:
        if mail.body is None:
            by_kind.setdefault(mail.kind, []).append(mail)
    cancelled: set[int] = set()
    for kind, batch in by_kind.items():
        fn = _renderers.get(kind)
        if fn is None:
            raise LookupError(f"no renderer for mail kind {kind!r}")
        cancelled |= fn(batch)
    return cancelled
