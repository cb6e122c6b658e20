"""A readable line diff between two texts (difflib), with unchanged stretches folded."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 2  # unchanged lines shown around each change


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", "gap"
    text: str


def line_diff(old: str, new: str) -> list[Line]:
    """The lines of `new` against `old`; runs of unchanged lines longer than the context fold."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            if len(same) > 2 * CONTEXT + 1:
                first = same[:CONTEXT] if lines else []
                last = same[-CONTEXT:] if i2 < len(a) else []
                lines += [Line("same", t) for t in first]
                lines.append(Line("gap", str(len(same) - len(first) - len(last))))
                lines += [Line("same", t) for t in last]
            else:
                lines += [Line("same", t) for t in same]
            continue
        lines += [Line("removed", t) for t in a[i1:i2]]
        lines += [Line("added", t) for t in b[j1:j2]]
    return lines


def changed(lines: list[Line]) -> bool:
    return any(line.kind in ("added", "removed") for line in lines)
