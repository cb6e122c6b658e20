"""Backups of the embedded SQLite database: `flask db backup FILE` and `flask db restore FILE`.

Copying the .sqlite3 file while the app runs loses what is still in the write-ahead log, and
copying a file over the live one corrupts it. Both commands go through SQLite's online backup
API instead: a backup is one consistent snapshot, taken while the app keeps serving; a restore
writes the backup into the live database through SQLite's own locks, after checking the backup's
integrity, and only while no process serves the app. PostgreSQL has its own tools (pg_dump and
pg_restore); the commands say how to use them.

"Serving" is known from a lock file beside the database: every process that has answered a
request holds a shared lock on it until it exits; a restore needs the lock exclusively.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate.cli import db as db_cli
from sqlalchemy.engine import make_url

try:
    import fcntl
except ImportError:  # not POSIX: no serving lock, a restore relies on the operator
    fcntl = None  # type: ignore[assignment]

REQUIRED_TABLES = {"person", "course"}  # what makes a file a learnapp database
_held: dict[str, IO[bytes]] = {}  # lock files this process holds, by path


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, else None (PostgreSQL, or SQLite in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def serving_lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".serving")


def hold_serving_lock(database: Path) -> None:
    """Mark this process as serving the database (until it exits); once per process and file."""
    key = str(database)
    if fcntl is None or key in _held:
        return
    try:
        handle = serving_lock_path(database).open("ab")
    except OSError:  # no folder to write in: nothing to restore into either; serve on
        return
    fcntl.flock(handle, fcntl.LOCK_SH)
    _held[key] = handle


def _check(path: Path) -> None:
    """The file is a whole SQLite database of learnapp: integrity_check ok, its tables there."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error}).") from error
    if result != ["ok"]:
        raise BackupError(f"{path} failed SQLite's integrity check: {'; '.join(result[:5])}")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(f"{path} is not a learnapp database (no {', '.join(sorted(missing))}).")


def backup(database: Path, target: Path) -> int:
    """Copy the live database to `target` in one consistent snapshot; return its size in bytes.

    The copy is written beside the target and renamed into place when it is whole and checked,
    so an interrupted backup never leaves a half file under the target's name.
    """
    if not database.is_file():
        raise BackupError(f"The database {database} does not exist.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # all pages in one step: one read transaction, one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            copy.close()
    finally:
        source.close()
    _check(partial)
    os.replace(partial, target)
    return target.stat().st_size


def restore(database: Path, source: Path) -> Path | None:
    """Write the checked backup into the live database; return where the replaced one was kept.

    Refused (BackupError) while a process serves the app, and before anything is written when the
    backup fails its check.
    """
    _check(source)
    lock = None
    if fcntl is not None:
        lock = serving_lock_path(database).open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise BackupError(
                "The app is serving this database. Stop it first (e.g. systemctl stop learnapp, "
                "or stop gunicorn), then run the restore again."
            ) from None
    try:
        kept = None
        if database.is_file():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = database.with_name(f"{database.name}.before-restore-{stamp}")
            backup(database, kept)
        incoming = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            live = sqlite3.connect(database, timeout=30)
            try:
                incoming.backup(live)  # through SQLite's locks and journal: never a torn file
                live.execute("PRAGMA journal_mode=WAL")
            finally:
                live.close()
        finally:
            incoming.close()
        _check(database)
        return kept
    finally:
        if lock is not None:
            lock.close()


def _database() -> Path:
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    path = sqlite_path(url)
    if path is None:
        shown = make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)
        raise click.ClickException(
            "The database is PostgreSQL, which has its own tools. Back up with\n"
            f"  pg_dump --format=custom --file=FILE '{shown}'\n"
            "and restore (with the app stopped) with\n"
            f"  pg_restore --clean --if-exists --no-owner --dbname='{shown}' FILE"
        )
    return path


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Back up the SQLite database to FILE, consistently, while the app keeps running."""
    database = _database()
    try:
        size = backup(database, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {database} to {file} ({size:,} bytes); the integrity check passed.")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Restore the SQLite database from FILE (a backup), with the app stopped."""
    database = _database()
    try:
        kept = restore(database, file)
    except BackupError as error:
        raise click.ClickException(f"{error} Nothing was changed.") from error
    click.echo(f"Restored {database} from {file}; the integrity check passed.")
    if kept is not None:
        click.echo(f"The database it replaced is kept as {kept}.")
    click.echo("If the backup is from an older version of learnapp, run `flask db upgrade`.")


def init_app(app: Flask) -> None:
    """Add the commands to `flask db`, and mark a serving process with the lock."""
    if "backup" not in db_cli.commands:
        db_cli.add_command(backup_command)
        db_cli.add_command(restore_command)
    database = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is None:
        return

    @app.before_request
    def _serving() -> Any:
        hold_serving_lock(database)
