"""Who may do what: role decorators and the one scope rule every feature uses.

A coordinator and an admin see the whole organisation; a manager sees the units they manage
and every unit below them; everyone sees themselves. An object outside your scope answers 404,
so that an id changed in a URL reveals nothing, not even that the object exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import aliased

from learnapp.extensions import db
from learnapp.org.models import Person, Role, Unit, UnitManager

F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let the view run only for a signed-in person holding one of `roles` (else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _units_managed_by(person_id: Any) -> Select[Any]:
    """The ids of the units a person manages and of every unit below them."""
    managed = aliased(Unit)
    return (
        select(Unit.id)
        .join(managed, Unit.path.startswith(managed.path))
        .join(UnitManager, UnitManager.unit_id == managed.id)
        .where(UnitManager.person_id == person_id)
    )


# Built once: every manager's page about a unit or a person asks this, and building the statement
# and its cache key took five times as long as running it.
_COVERS_UNIT = select(
    exists(_units_managed_by(bindparam("person_id")).where(Unit.id == bindparam("unit_id")))
)


@dataclass(frozen=True)
class Scope:
    """The part of the organisation a person may see."""

    person_id: int
    everything: bool

    @classmethod
    def of(cls, person: Person) -> Scope:
        return cls(
            person_id=person.id,
            everything=person.has_role(Role.COORDINATOR, Role.ADMIN),
        )

    def unit_ids(self) -> Select[Any]:
        """A subquery of the ids of every unit in scope (for `Unit.id.in_(...)`)."""
        if self.everything:
            return select(Unit.id)
        return _units_managed_by(self.person_id)

    def covers_unit(self, unit_id: int | None) -> bool:
        if self.everything:
            return True
        if unit_id is None:
            return False
        params = {"person_id": self.person_id, "unit_id": unit_id}
        return bool(db.session.scalar(_COVERS_UNIT, params))

    def covers_person(self, person: Person) -> bool:
        return person.id == self.person_id or self.covers_unit(person.unit_id)

    def filter_people(self, stmt: Select[Any]) -> Select[Any]:
        """Restrict a query over Person to the people in scope."""
        if self.everything:
            return stmt
        return stmt.where(Person.unit_id.in_(self.unit_ids()))


def current_scope() -> Scope:
    return Scope.of(current_user)


def get_person_or_404(person_id: int) -> Person:
    """The person with this id if the current user may see them; 404 otherwise."""
    person = db.session.get(Person, person_id)
    if person is None or not current_scope().covers_person(person):
        abort(404)
    return person


def get_unit_or_404(unit_id: int) -> Unit:
    """The unit with this id if the current user may see it; 404 otherwise."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not current_scope().covers_unit(unit.id):
        abort(404)
    return unit
