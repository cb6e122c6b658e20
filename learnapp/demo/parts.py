"""The demo's parts beyond the organisation: each feature registers its part from its
`feature.py`, and `flask demo load` runs them in order after the organisation and accounts.

A part is idempotent (run it again and nothing is added twice), flushes, and returns a line for
the command's output. The feature's own `flask <feature> demo` runs the same part alone.
"""

from __future__ import annotations

from collections.abc import Callable

Part = Callable[[], str]

_parts: dict[str, tuple[int, Part]] = {}


def register(name: str, order: int, part: Part) -> None:
    _parts[name] = (order, part)


def parts() -> list[tuple[str, Part]]:
    return [(name, part) for name, (_order, part) in sorted(_parts.items(), key=lambda i: i[1][0])]
