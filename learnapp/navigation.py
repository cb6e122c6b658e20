"""The main menu. Each feature registers its entries; the layout shows those the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString

if TYPE_CHECKING:  # the menu knows roles only as the entries' types
    from learnapp.org.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString | str
    order: int
    roles: frozenset[Role] = field(default_factory=frozenset)  # empty: everyone signed in
    visible: Callable[[Any], bool] | None = None  # an extra test on the person

    def shown_to(self, person: Any) -> bool:
        if self.roles and not person.has_role(*self.roles):
            return False
        return self.visible is None or bool(self.visible(person))


_items: dict[str, NavItem] = {}


def register(
    endpoint: str,
    label: LazyString | str,
    order: int,
    roles: set[Role] | None = None,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    _items[endpoint] = NavItem(endpoint, label, order, frozenset(roles or ()), visible)


def items_for(person: Any) -> list[NavItem]:
    if not person or not person.is_authenticated:
        return []
    return sorted((i for i in _items.values() if i.shown_to(person)), key=lambda i: i.order)
