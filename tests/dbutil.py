"""Test databases: a file per run on SQLite, a throwaway database per run on PostgreSQL.

A run on PostgreSQL creates its own database next to the one LEARNAPP_TEST_DATABASE_URL names,
so that several runs (CI, developers) can share one server without stepping on each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

BASE_URL = os.environ.get("LEARNAPP_TEST_DATABASE_URL")


def _admin_dsn(url: str) -> str:
    u = make_url(url).set(drivername="postgresql")
    return u.render_as_string(hide_password=False)


@contextmanager
def temporary_database(tmp_dir: Path) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database; remove it afterwards."""
    if not BASE_URL:
        yield f"sqlite:///{tmp_dir / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"learnapp_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = _admin_dsn(BASE_URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(BASE_URL).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
