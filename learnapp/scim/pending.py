"""The people a SCIM request changed, applied in batches.

The directory sends one request per person (10,000 in a row when it starts). Applying the
assignment rules and stored statuses for one person takes a few statements per active rule; for
many people at once it takes the same few. So a request only queues the person (one INSERT), and
`apply_due` runs the same `signals.people_changed` as the HR import for everyone queued, once the
queue holds `SCIM_APPLY_BATCH` people or its oldest entry is `SCIM_APPLY_SECONDS` old. The API
calls it after each answered request (the directory's next request, usually a GET, comes within
a second), and it asks the queue's size at most once a second unless this process has queued a
batch's worth since; `flask scim apply` applies whatever is left (run it from cron every minute).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from learnapp import signals
from learnapp.db import dialect_insert, utcnow
from learnapp.extensions import db
from learnapp.scim.models import ScimPending

MAX_BATCH = 5_000
LOOK_EVERY = 1.0  # seconds


def queue(person_ids: Collection[int]) -> None:
    """Queue the people (one statement; someone queued already keeps their place)."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    now = utcnow()
    db.session.execute(
        dialect_insert(db.session, ScimPending)
        .values([{"person_id": i, "queued_at": now} for i in ids])
        .on_conflict_do_nothing(index_elements=["person_id"])
    )
    _state()["queued"] += len(ids)


def _state() -> dict[str, float]:
    """The queue's size when this process last looked, plus the people it queued since, and
    when that was: the size is asked for only when it may be due."""
    state: dict[str, float] = current_app.extensions.setdefault(
        "learnapp.scim.pending", {"queued": 0, "looked": 0.0}
    )
    return state


def due() -> bool:
    seconds = float(current_app.config.get("SCIM_APPLY_SECONDS", 5))
    batch = int(current_app.config.get("SCIM_APPLY_BATCH", 200))
    state = _state()
    now = time.monotonic()
    # Another process's people are found at the next look: at most a second (or the configured
    # wait, if shorter) after this one's last.
    if state["queued"] < batch and now - state["looked"] < min(seconds, LOOK_EVERY):
        return False
    count, oldest = db.session.execute(select(func.count(), func.min(ScimPending.queued_at))).one()
    state["queued"], state["looked"] = count, now  # what is queued, as far as this process knows
    if not count:
        return False
    return count >= batch or oldest is None or oldest <= utcnow() - timedelta(seconds=seconds)


def apply_all() -> int:
    """Claim the queued people (a concurrent claimer waits, then finds them gone) and announce
    them in one `people_changed`; the caller commits. Returns how many."""
    oldest_first = select(ScimPending.person_id).order_by(ScimPending.queued_at).limit(MAX_BATCH)
    ids = list(db.session.scalars(oldest_first))
    if not ids:
        return 0
    claimed = db.session.execute(
        delete(ScimPending).where(ScimPending.person_id.in_(ids)).returning(ScimPending.person_id)
    )
    people = [row[0] for row in claimed]
    _state()["queued"] = 0
    if people:
        signals.people_changed.send(changed=people)
    return len(people)


def apply_due() -> int:
    return apply_all() if due() else 0
