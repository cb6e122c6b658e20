"""Start-page panels. A feature registers a function that returns a panel (or None) for a person;
the start page shows the panels in order, so it grows with the features without being edited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from learnapp.org.models import Person

PanelFunc = Callable[[Person], Markup | str | None]


@dataclass(frozen=True)
class _Panel:
    order: int
    func: PanelFunc


_panels: dict[str, _Panel] = {}


def register(name: str, order: int) -> Callable[[PanelFunc], PanelFunc]:
    def decorator(func: PanelFunc) -> PanelFunc:
        _panels[name] = _Panel(order, func)
        return func

    return decorator


def render_for(person: Person) -> list[Markup]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        html = panel.func(person)
        if html:
            shown.append(Markup(html))  # noqa: S704 - panels are rendered templates
    return shown
