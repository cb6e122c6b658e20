"""`flask db backup` and `flask db restore` for the embedded SQLite database.

A backup taken while requests keep writing holds every row committed before it began (also those
still in the write-ahead log, which a file copy loses), passes SQLite's integrity check, and
restores to an app that works; a restore refuses a damaged file and refuses while the app serves.
Each test has a SQLite database of its own, also in a PostgreSQL run: the commands are for SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from learnapp import create_app
from learnapp.courses.models import LessonProgress
from learnapp.extensions import db
from learnapp.org.models import Person
from tests import factories
from tests.conftest import make_test_config


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'live.sqlite3'}"))
    app.instance_path = str(tmp_path)
    with app.app_context():
        db.create_all()
        dept = factories.department("Utbildningsförvaltningen", "UTB")
        unit = factories.unit(dept, "Söderskolan")
        factories.person(
            unit, name="Åsa Öberg", email="asa@example.org", password=factories.PASSWORD
        )
        factories.course("grunder", lessons=1)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _flask(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["db", *args])


def _rows(path: Path, sql: str) -> list[Any]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def test_a_backup_taken_under_writes_holds_every_committed_row(
    sqlite_app: Flask, tmp_path: Path
) -> None:
    person = db.session.scalar(select(Person))
    lesson_id = db.session.scalar(select(func.min(LessonProgress.lesson_id)))  # none yet
    assert lesson_id is None
    committed: list[int] = []
    stop = threading.Event()

    def write() -> None:
        # Audit-like rows through the app's own engine, committed one by one, as requests do.
        with sqlite_app.app_context():
            n = 0
            while not stop.is_set():
                n += 1
                factories.person(None, name=f"Ny {n}", email=f"ny{n}@example.org")
                db.session.commit()
                committed.append(n)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 50:
            stop.wait(0.01)
        before = len(committed)
        assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0  # rows still in the log
        result = _flask(sqlite_app, "backup", str(tmp_path / "backup.sqlite3"))
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "integrity check passed" in result.output
    names = {row[0] for row in _rows(tmp_path / "backup.sqlite3", "SELECT name FROM person")}
    assert {f"Ny {n}" for n in range(1, before + 1)} <= names
    assert "Åsa Öberg" in names and person is not None
    assert _rows(tmp_path / "backup.sqlite3", "PRAGMA integrity_check") == [("ok",)]
    assert not (tmp_path / "backup.sqlite3-wal").exists()  # one self-contained file


def test_a_backup_restores_to_a_working_app(sqlite_app: Flask, tmp_path: Path) -> None:
    backup_file = tmp_path / "backup.sqlite3"
    assert _flask(sqlite_app, "backup", str(backup_file)).exit_code == 0
    # After the backup: a person deleted and another added; the restore brings back the backup.
    db.session.execute(Person.__table__.delete().where(Person.email == "asa@example.org"))
    factories.person(None, name="Efter", email="efter@example.org")
    db.session.commit()
    db.session.remove()
    db.engine.dispose()
    result = _flask(sqlite_app, "restore", str(backup_file))
    assert result.exit_code == 0, result.output
    assert "before-restore" in result.output
    fresh = create_app(make_test_config(sqlite_app.config["SQLALCHEMY_DATABASE_URI"]))
    client = fresh.test_client()
    signed_in = client.post(
        "/login", data={"email": "asa@example.org", "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/").status_code == 200
    with fresh.app_context():
        emails = set(db.session.scalars(select(Person.email)))
        db.engine.dispose()
    assert "asa@example.org" in emails and "efter@example.org" not in emails


def test_a_restore_refuses_a_damaged_backup_and_changes_nothing(
    sqlite_app: Flask, tmp_path: Path
) -> None:
    backup_file = tmp_path / "backup.sqlite3"
    assert _flask(sqlite_app, "backup", str(backup_file)).exit_code == 0
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    backup_file.write_bytes(bytes(data))
    not_learnapp = tmp_path / "other.sqlite3"
    sqlite3.connect(not_learnapp).execute("CREATE TABLE t (x)").connection.close()
    for bad in (backup_file, not_learnapp, tmp_path / "missing.sqlite3"):
        result = _flask(sqlite_app, "restore", str(bad))
        assert result.exit_code == 1, result.output
        assert "Nothing was changed" in result.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_a_restore_refuses_while_the_app_serves(sqlite_app: Flask, tmp_path: Path) -> None:
    backup_file = tmp_path / "backup.sqlite3"
    assert _flask(sqlite_app, "backup", str(backup_file)).exit_code == 0
    assert sqlite_app.test_client().get("/healthz").status_code == 200  # this process serves
    result = _flask(sqlite_app, "restore", str(backup_file))
    assert result.exit_code == 1
    assert "The app is serving this database" in result.output
    assert not list(tmp_path.glob("live.sqlite3.before-restore-*"))


def test_on_postgresql_the_commands_say_how_to_use_pg_dump(tmp_path: Path) -> None:
    app = create_app(make_test_config("postgresql://kommun:hemligt@db.example.org/learnapp"))
    for command in ("backup", "restore"):
        result = _flask(app, command, str(tmp_path / "x.dump"))
        assert result.exit_code == 1
        assert (
            "pg_dump --format=custom --file=FILE 'postgresql://kommun:***@db.example.org/learnapp'"
            in result.output
        )
        assert "pg_restore" in result.output and "hemligt" not in result.output
