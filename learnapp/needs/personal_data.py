"""What the needs feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from sqlalchemy import update

from learnapp.areas.models import CompetenceArea
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory, NeedsResponse, NeedsSubmission
from learnapp.personal_data import EXPORTED, Section, rows

_ENTERED_BY = "the manager who entered the answers; names no one once anonymised"


def _answers(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "inventory": NeedsInventory.title,
            "area": CompetenceArea.code,
            "knowledge": NeedsResponse.knowledge,
            "need": NeedsResponse.need,
            "comment": NeedsResponse.comment,
            "entered_by_manager": NeedsResponse.entered_by_manager,
            "submitted_at": NeedsResponse.submitted_at,
        },
        [
            (NeedsInventory, NeedsInventory.id == NeedsResponse.inventory_id),
            (CompetenceArea, CompetenceArea.id == NeedsResponse.area_id),
        ],
        NeedsResponse.person_id == person_id,
        NeedsInventory.id,
        CompetenceArea.position,
    )


def _submissions(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "inventory": NeedsInventory.title,
            "other_needs": NeedsSubmission.other_needs,
            "submitted_at": NeedsSubmission.submitted_at,
        },
        [(NeedsInventory, NeedsInventory.id == NeedsSubmission.inventory_id)],
        NeedsSubmission.person_id == person_id,
        NeedsInventory.id,
    )


def _anonymise(person_id: int, _old_email: str) -> None:
    """The free text the person wrote goes; the answers stay for the inventory's figures."""
    db.session.execute(
        update(NeedsResponse)
        .where(NeedsResponse.person_id == person_id)
        .values(comment="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(NeedsSubmission)
        .where(NeedsSubmission.person_id == person_id)
        .values(other_needs="")
        .execution_options(synchronize_session=False)
    )


SECTIONS = (
    Section(
        "inventory_answers",
        order=60,
        claims={
            "needs_response.person_id": EXPORTED,
            "needs_response.entered_by_id": _ENTERED_BY,
            "needs_inventory.created_by_id": "who made the inventory; names no one once anonymised",
            "needs_inventory_person.person_id": "who an inventory asks (its fixed list); kept for its figures",
        },
        export=_answers,
        anonymise=_anonymise,
    ),
    Section(
        "inventory_submissions",
        order=70,
        claims={
            "needs_submission.person_id": EXPORTED,
            "needs_submission.entered_by_id": _ENTERED_BY,
        },
        export=_submissions,
    ),
)
