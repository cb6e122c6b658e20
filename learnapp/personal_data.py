"""The personal-data registry: each feature says what it stores about a person.

A feature registers a `Section` for its tables from its `feature.py`: the foreign keys to
`person.id` it answers for, how the person's rows are exported ("my data"), and what
anonymisation does to them. `admin/privacy.py` runs the sections; it knows no feature's tables.
A foreign key to `person.id` that no section claims fails `tests/admin/test_personal_data.py`,
so a new table holding personal data cannot ship without a decision.

    personal_data.register(
        Section(
            "reminders_sent",
            order=60,
            claims={"reminder_sent.person_id": EXPORTED},
            export=lambda person_id: rows({"kind": ReminderSent.kind, ...}, [], where, order),
        )
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from learnapp.extensions import db

#: The person's rows are in the export (and stay, or change, on anonymisation as `anonymise` says).
EXPORTED = "exported"

Exporter = Callable[[int], list[dict[str, Any]]]
#: (person id, the person's e-mail address before anonymisation) -> None; flushes, never commits.
Anonymiser = Callable[[int, str], None]


@dataclass(frozen=True)
class Section:
    """One feature's part of a person's data.

    `claims` maps each "table.column" foreign key to `person.id` the section answers for to
    EXPORTED or to the reason the rows are not exported (e.g. "a secret; deleted on
    anonymisation", "who made the rule; names no one once the person is anonymised").
    """

    name: str
    order: int
    claims: dict[str, str] = field(default_factory=dict)
    export: Exporter | None = None
    anonymise: Anonymiser | None = None


_sections: dict[str, Section] = {}


def register(*sections: Section) -> None:
    for section in sections:
        _sections[section.name] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


def claimed() -> dict[str, str]:
    """Every claimed "table.column", with EXPORTED or the reason it is not exported."""
    return {column: how for s in _sections.values() for column, how in s.claims.items()}


def value(value: Any) -> Any:
    """A value as JSON can carry it (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows(
    columns: dict[str, Any], joins: list[tuple[Any, Any]], where: Any, *order_by: Any
) -> list[dict[str, Any]]:
    """One section of the export: the named columns of the person's rows, one query."""
    stmt = select(*columns.values())
    for target, on in joins:
        stmt = stmt.join(target, on)
    result = db.session.execute(stmt.where(where).order_by(*order_by))
    return [{name: value(v) for name, v in zip(columns, row, strict=True)} for row in result]
