"""What the routines feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from learnapp.personal_data import EXPORTED, Section, rows
from learnapp.routines.models import RoutineAcknowledgement, RoutineVersion

_EDITOR = "who edited, published or appointed; names no one once anonymised"


def _acknowledgements(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "routine": RoutineVersion.title,
            "version": RoutineAcknowledgement.version_number,
            "acknowledged_at": RoutineAcknowledgement.acknowledged_at,
        },
        [(RoutineVersion, RoutineVersion.id == RoutineAcknowledgement.version_id)],
        RoutineAcknowledgement.person_id == person_id,
        RoutineAcknowledgement.acknowledged_at,
        RoutineAcknowledgement.id,
    )


# Acknowledgements and statuses stay on anonymisation: the follow-up counts them.
SECTIONS = (
    Section(
        "routine_acknowledgements",
        order=75,
        claims={
            "routine_acknowledgement.person_id": EXPORTED,
            "routine_status.person_id": "derived from the acknowledgements above; reports count it",
            "routine_editor.person_id": "a permission, shown on the routines' editors page",
            "routine_editor.added_by_id": _EDITOR,
            "routine.draft_saved_by_id": _EDITOR,
            "routine_version.published_by_id": _EDITOR,
        },
        export=_acknowledgements,
    ),
)
