"""Routines test helpers: a routine made and published in one call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.routines import services
from learnapp.routines.models import Routine
from learnapp.routines.services import Draft

BODY = "## Så gör du\n\n1. Berätta för din chef.\n2. Kontakta säkerhetssamordnaren.\n"


def publish(
    routine: Routine, actor: Any = None, *, major: bool = True, note: str = "Ny version"
) -> Any:
    version = services.publish(
        routine, routine.draft_revision, actor, major=major, change_note=note
    )
    db.session.commit()
    return version


def edit(routine: Routine, actor: Any, body: str) -> None:
    services.save_draft(
        routine,
        Draft(routine.draft_title, routine.draft_summary, body),
        routine.draft_revision,
        actor,
    )
    db.session.commit()


MakeRoutine = Callable[..., Routine]


@pytest.fixture
def make_routine(org: Any) -> MakeRoutine:
    def make(
        department: Department | None = None,
        *,
        title: str = "Rutin vid oro",
        summary: str = "Berätta för din chef samma dag.",
        body: str = BODY,
        units: Sequence[Unit] = (),
        published: bool = True,
    ) -> Routine:
        routine = services.create_routine(
            Draft(title, summary, body), department, org.coordinator, units=units
        )
        db.session.commit()
        if published:
            publish(routine, org.coordinator, note="Första versionen")
        return routine

    return make
