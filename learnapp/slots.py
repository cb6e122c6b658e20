"""Places on shared pages that features fill without editing those pages.

A feature registers a function for a slot ("home" for the start page, "person" for a person's
page, …). The function gets the page's objects and returns rendered HTML, or None to show nothing.
The page shows the results in order. This keeps the start page and the person page open to new
features while their templates stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

SlotFunc = Callable[..., Markup | str | None]

_slots: dict[str, dict[str, tuple[int, SlotFunc]]] = {}


def register(slot: str, name: str, order: int) -> Callable[[SlotFunc], SlotFunc]:
    def decorator(func: SlotFunc) -> SlotFunc:
        _slots.setdefault(slot, {})[name] = (order, func)
        return func

    return decorator


def render(slot: str, **objects: Any) -> list[Markup]:
    shown = []
    for _order, func in sorted(_slots.get(slot, {}).values(), key=lambda item: item[0]):
        html = func(**objects)
        if html:
            shown.append(Markup(html))  # noqa: S704 - slot functions return rendered templates
    return shown
