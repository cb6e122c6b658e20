"""The main menu. Each feature registers its entries; the layout shows those the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from sqlalchemy import ColumnElement, Select, select

from learnapp.extensions import db

if TYPE_CHECKING:  # the menu knows roles only as the entries' types
    from learnapp.org.models import Role

#: An extra test on the person: a bool, or an SQL condition on `bindparam("person_id")` (e.g. "is
#: listed as a course editor") that the menu asks with the other entries' in one statement. The
#: condition should be built once (a module constant): building a statement costs more than
#: running it, and the menu is on every page.
Visible = Callable[[Any], "bool | ColumnElement[bool]"]


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString | str
    order: int
    roles: frozenset[Role] = field(default_factory=frozenset)  # empty: everyone signed in
    visible: Visible | None = None


_items: dict[str, NavItem] = {}


def register(
    endpoint: str,
    label: LazyString | str,
    order: int,
    roles: set[Role] | None = None,
    visible: Visible | None = None,
) -> None:
    _items[endpoint] = NavItem(endpoint, label, order, frozenset(roles or ()), visible)


def items_for(person: Any) -> list[NavItem]:
    """The entries the person may use, in order. The menu is on every page: the entries whose test
    is an SQL condition are asked in one statement, whatever their number."""
    if not person or not person.is_authenticated:
        return []
    shown: list[NavItem] = []
    asked: list[tuple[NavItem, ColumnElement[bool]]] = []
    for item in _items.values():
        if item.roles and not person.has_role(*item.roles):
            continue
        answer = True if item.visible is None else item.visible(person)
        if isinstance(answer, ColumnElement):
            asked.append((item, answer))
        elif answer:
            shown.append(item)
    if asked:
        statement = _asking(tuple(condition for _, condition in asked))
        row = db.session.execute(statement, {"person_id": person.id}).one()
        shown.extend(item for (item, _), yes in zip(asked, row, strict=True) if yes)
    return sorted(shown, key=lambda i: i.order)


@lru_cache(maxsize=16)
def _asking(conditions: tuple[ColumnElement[bool], ...]) -> Select[*tuple[bool, ...]]:
    """One SELECT of the conditions, built once for each combination of them."""
    return select(*conditions)
