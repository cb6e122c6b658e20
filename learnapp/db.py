"""The declarative base (with a constraint naming convention for stable Alembic names) and mixins."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Integer,
    MetaData,
    Select,
    TypeDecorator,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, scoped_session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def id_set(ids: Iterable[int], session: Session | scoped_session[Any]) -> Select[Any]:
    """A SELECT of the given ids from ONE bound parameter, for `column.in_(id_set(...))`.

    The statement is the same for 2 ids or 20,000: no IN list that grows with the batch (and
    outgrows the databases' limits on bound parameters). PostgreSQL unnests an integer array;
    SQLite reads a JSON array with json_each.
    """
    values = sorted({int(i) for i in ids})
    if session.get_bind().dialect.name == "postgresql":
        return select(func.unnest(literal(values, type_=ARRAY(Integer))))
    rows = func.json_each(literal(json.dumps(values))).table_valued("value")
    return select(rows.c.value)


def is_database_busy(error: BaseException) -> bool:
    """SQLite gave up waiting for another writer ("database is locked", after busy_timeout)."""
    orig = getattr(error, "orig", None)
    return isinstance(error, OperationalError) and "locked" in str(orig or error).lower()


def dialect_insert(session: Session | scoped_session[Any], table: Any) -> Any:
    """An INSERT for the session's database that knows ON CONFLICT (PostgreSQL and SQLite both
    do): for inserts that two requests may race to make, `.on_conflict_do_nothing()` and read
    back, instead of check-then-insert."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: Iterable[str | StrEnum]) -> CheckConstraint:
    """A CHECK that a text column holds one of an enumeration's values (NULL passes), named
    `ck_<table>_<column>`: the trigger SQL and the reports count by these strings."""
    listed = ", ".join(f"'{v!s}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def empty_all_tables(session: Session | scoped_session[Any], metadata: MetaData) -> None:
    """Delete every row of every table (the schema stays), and commit: tests and the bench seed."""
    tables = list(reversed(metadata.sorted_tables))
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            session.execute(table.delete())
    session.commit()
