"""Other features' events keep the stored acknowledgement statuses up to date. They flush only."""

from __future__ import annotations

from typing import Any

from learnapp import signals
from learnapp.routines import status


@signals.person_changed.connect
def on_person_changed(sender: Any, person: Any, **_: Any) -> None:
    status.sync_person(person)


@signals.people_changed.connect
def on_people_changed(
    sender: Any, created: Any = (), changed: Any = (), deactivated: Any = (), **_: Any
) -> None:
    status.sync_people({*created, *changed, *deactivated})
