"""The main menu. Each feature registers its entries; the layout shows those the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from sqlalchemy import ColumnElement, select

from learnapp.extensions import db

if TYPE_CHECKING:  # the menu knows roles only as the entries' types
    from learnapp.org.models import Role

#: An extra test on the person: a bool, or an SQL condition (e.g. "is listed as a course editor")
#: that the menu asks together with the other entries' in one statement.
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
        row = db.session.execute(select(*(condition for _, condition in asked))).one()
        shown.extend(item for (item, _), yes in zip(asked, row, strict=True) if yes)
    return sorted(shown, key=lambda i: i.order)
