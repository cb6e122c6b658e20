"""Count the SQL statements the application sends to the database (for N+1 checks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from learnapp.extensions import db


class Statements(list[str]):
    """The SQL text of every statement executed on `db.engine` while the block ran."""

    def __str__(self) -> str:
        return "\n".join(f"{i:3d}. {' '.join(s.split())[:200]}" for i, s in enumerate(self, 1))


@contextmanager
def count_statements() -> Iterator[Statements]:
    """`with count_statements() as seen: ...`; then `len(seen)` is the number of statements.

    Counts on the engine (`before_cursor_execute`), so it sees the statements of requests made
    with the test client as well as those of the test body; an executemany counts once.
    """
    seen = Statements()

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
