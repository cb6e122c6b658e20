"""The bench database: which one, whether it holds a seed of the asked size, seeding it."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
FLASK = [str(BIN / "flask"), "--app", "learnapp"]


class BenchError(RuntimeError):
    """The run cannot go on (a failed command, a database that is not a bench database)."""


def default_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or (
        "sqlite:///" + str(ROOT / "instance" / "bench.sqlite3")
    )


def app_env(url: str, *, development: bool, secret: str) -> dict[str, str]:
    """The environment that points the app at `url`, whatever instance/config.py says."""
    env = dict(os.environ)
    env.update(
        {
            "LEARNAPP_DATABASE_URL": url,
            # Also the URI itself: instance/config.py may set it, and it wins over DATABASE_URL.
            "LEARNAPP_SQLALCHEMY_DATABASE_URI": url,
            "LEARNAPP_SECRET_KEY": secret,
            "LEARNAPP_ENV": "development" if development else "production",
        }
    )
    # Production refuses to start without the public address; the bench serves on localhost.
    env.setdefault("LEARNAPP_BASE_URL", "http://127.0.0.1")
    # The bench's clients sign in with the password alone (admins and coordinators included).
    env.setdefault("LEARNAPP_MFA_REQUIRED_ROLES", "")
    # One coordinator runs every export in a row: the per-minute export limit is not measured.
    env.setdefault("LEARNAPP_EXPORTS_PER_MINUTE", "1000")
    return env


@dataclass
class Probe:
    database: dict[str, Any]
    schema: dict[str, list[str]]  # "current" and "heads" migration revisions
    people: int | None  # None: no schema yet
    targets: dict[str, Any] | None
    problem: str | None

    @property
    def up_to_date(self) -> bool:
        return self.schema["current"] == self.schema["heads"]


def probe(url: str, secret: str) -> Probe:
    """What the database holds, read by the app itself (bench/probe.py) in a subprocess."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = _run(
            [str(BIN / "python"), "-m", "bench.probe"],
            app_env(url, development=True, secret=secret),
        )
    except BenchError as error:
        raise BenchError(
            f"cannot read the database (a PostgreSQL database must exist: createdb): {error}"
        ) from error
    data = json.loads(result.strip().splitlines()[-1])
    return Probe(data["database"], data["schema"], data["people"], data["targets"], data["problem"])


def sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        return Path(url[len(prefix) :].split("?", 1)[0])
    return None


def seed(url: str, people: int, *, reset: bool, secret: str) -> float:
    """Migrate and seed; return the seed's wall time in seconds (the migration not counted)."""
    path = sqlite_file(url)
    if reset and path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        reset = False  # a new file is empty already
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    upgrade(url, secret)
    command = [str(BIN / "python"), "-m", "bench.seed", "--people", str(people)]
    if reset:
        command.append("--reset")
    started = time.perf_counter()
    _run(command, app_env(url, development=True, secret=secret), echo=True)
    return time.perf_counter() - started


def upgrade(url: str, secret: str) -> None:
    _run([*FLASK, "db", "upgrade"], app_env(url, development=True, secret=secret), echo=True)


def _run(command: list[str], env: dict[str, str], *, echo: bool = False) -> str:
    """Run a command in the project; with `echo`, show it and let its output through."""
    if echo:
        print("  $ flask", " ".join(command[3:]), flush=True)
        completed = subprocess.run(command, env=env, cwd=ROOT, text=True, check=False)
        if completed.returncode != 0:
            raise BenchError(f"`{' '.join(command)}` failed ({completed.returncode})")
        return ""
    completed = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(
            f"`{' '.join(command)}` failed ({completed.returncode}):\n"
            f"{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    return completed.stdout
