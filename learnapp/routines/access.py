"""Per-object checks: a routine answers 404 to anyone it is not for (read) or not theirs (edit)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from learnapp.extensions import db
from learnapp.routines import services, status
from learnapp.routines.models import Routine


def get_routine_to_read_or_404(routine_id: int) -> Routine:
    """A published routine that applies to the reader, or that the reader may edit."""
    routine = db.session.get(Routine, routine_id)
    if routine is None or not routine.is_published:
        abort(404)
    if not (status.applies_to(routine, current_user) or services.may_edit(current_user, routine)):
        abort(404)
    return routine


def get_routine_to_edit_or_404(routine_id: int) -> Routine:
    """A routine (draft or published) the signed-in person may edit."""
    routine = db.session.get(Routine, routine_id)
    if routine is None or not services.may_edit(current_user, routine):
        abort(404)
    return routine
