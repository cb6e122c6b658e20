"""The people a SCIM request changed, applied in batches.

The directory sends one request per person (10,000 in a row when it starts). Applying the
assignment rules and stored statuses for one person takes a few statements per active rule; for
many people at once it takes the same few. So a request only queues the person (one INSERT), and
`apply_due` runs the same `signals.people_changed` as the HR import for everyone queued, once the
queue holds `SCIM_APPLY_BATCH` people or its oldest entry is `SCIM_APPLY_SECONDS` old. The API
calls it after each answered request (the directory's next request, usually a GET, comes within
a second); `flask scim apply` applies whatever is left (run it from cron every minute).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from learnapp import signals
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.scim.models import ScimPending

MAX_BATCH = 5_000


def queue(person_ids: Collection[int], new: Collection[int] = ()) -> None:
    """Queue the people (those in `new` were just created: they cannot be queued yet)."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    maybe = [i for i in ids if i not in new]
    queued = set(
        db.session.scalars(select(ScimPending.person_id).where(ScimPending.person_id.in_(maybe)))
    ) if maybe else set()  # fmt: skip
    rows = [{"person_id": i, "queued_at": utcnow()} for i in ids if i not in queued]
    if rows:
        db.session.execute(insert(ScimPending), rows)


def due() -> bool:
    seconds = float(current_app.config.get("SCIM_APPLY_SECONDS", 5))
    batch = int(current_app.config.get("SCIM_APPLY_BATCH", 200))
    count, oldest = db.session.execute(select(func.count(), func.min(ScimPending.queued_at))).one()
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
    if people:
        signals.people_changed.send(changed=people)
    return len(people)


def apply_due() -> int:
    return apply_all() if due() else 0
