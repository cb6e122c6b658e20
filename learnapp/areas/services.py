"""The competence areas: the ones the action plan names (seeded once, then edited as data) and reads."""

from __future__ import annotations

from sqlalchemy import select

from learnapp.areas.models import CompetenceArea
from learnapp.extensions import db

DEFAULT_AREAS: list[tuple[str, str, str]] = [
    (
        "grunder",
        "Grundläggande kunskap om våldsbejakande extremism",
        "Basic knowledge of violent extremism",
    ),
    (
        "signaler",
        "Att känna igen signaler på radikalisering",
        "Recognising signs of radicalisation",
    ),
    ("rutin", "Rutinen vid signaler och misstanke", "The routine on signals and suspicion"),
    (
        "informationsdelning",
        "Informationsdelning och sekretess",
        "Information sharing and confidentiality",
    ),
    (
        "samverkan",
        "Samverkan med polis och civilsamhälle",
        "Cooperation with the police and civil society",
    ),
    ("kommunikation", "Kommunikation med medborgare", "Communicating with citizens"),
    ("lokaler", "Uthyrning av kommunala lokaler", "Letting municipal premises"),
    ("affischering", "Borttagning av extremistisk affischering", "Removing extremist posters"),
    (
        "barnets-basta",
        "Barnets bästa och barnkonventionen",
        "The child's best interests and the Convention on the Rights of the Child",
    ),
    ("anhoriga", "Stöd till anhöriga", "Supporting relatives"),
]


def seed_default_areas() -> int:
    """Add the default areas that are missing (by code); return how many were added."""
    have = set(db.session.scalars(select(CompetenceArea.code)))
    added = 0
    for position, (code, name_sv, name_en) in enumerate(DEFAULT_AREAS, start=1):
        if code not in have:
            db.session.add(
                CompetenceArea(code=code, name_sv=name_sv, name_en=name_en, position=position)
            )
            added += 1
    db.session.flush()
    return added


def areas_by_code() -> dict[str, CompetenceArea]:
    return {a.code: a for a in db.session.scalars(select(CompetenceArea))}


def active_areas() -> list[CompetenceArea]:
    return list(
        db.session.scalars(
            select(CompetenceArea)
            .where(CompetenceArea.active)
            .order_by(CompetenceArea.position, CompetenceArea.id)
        )
    )


def all_areas() -> list[CompetenceArea]:
    return list(
        db.session.scalars(
            select(CompetenceArea).order_by(CompetenceArea.position, CompetenceArea.id)
        )
    )
