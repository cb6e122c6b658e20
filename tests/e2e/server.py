"""A real learnapp server for the browser tests and the screenshots.

`live_server()` makes a fresh database (a temporary SQLite file, or a throwaway PostgreSQL database
when LEARNAPP_TEST_DATABASE_URL is set), builds it with the migrations (`flask db upgrade`), loads
the demo data with the same commands as `make run`, and serves the app with werkzeug on a free
localhost port in a background thread. Nothing here knows about pytest, so `tools/screenshots.py`
uses it too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo
from flask.cli import cli as flask_cli
from werkzeug.serving import WSGIRequestHandler, make_server

from learnapp import create_app
from learnapp.extensions import db
from tests.dbutil import temporary_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "demo-learnapp-2026"  # the Makefile's DEMO_PASSWORD

# The demo accounts (learnapp/demo/services.py) by role.
ACCOUNTS = {
    "staff": "medarbetare@example.org",
    "manager": "chef@example.org",
    "coordinator": "samordnare@example.org",
    "admin": "admin@example.org",
}

# The demo commands, in order; a group that is not on this branch yet is left out (see `prepare`).
# In the order of `make run`.
DEMO_COMMANDS: list[list[str]] = [
    ["db", "upgrade"],
    ["courses", "sync"],
    ["demo", "load", "--password", DEMO_PASSWORD],
]


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped"
    return None


def e2e_config(database_url: str, instance: Path) -> dict[str, Any]:
    """Production-like settings (CSRF on, real error pages) with fast hashes and mail kept in memory."""
    return {
        "ENV": "testing",
        "TESTING": False,
        "SECRET_KEY": "e2e-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_BACKEND": "memory",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 1000,
        # The journeys sign in as admins and coordinators with the password alone; the two-step
        # pages are checked by test_accessibility with the requirement on for one account.
        "MFA_REQUIRED_ROLES": "",
    }


class CommandFailed(RuntimeError):
    pass


def run_command(app: Flask, args: list[str]) -> str:
    """Run `flask <args>` against `app` in this process, as the command line would."""
    from click.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(flask_cli, args, obj=ScriptInfo(create_app=lambda: app))
    if result.exit_code != 0:
        raise CommandFailed(
            f"flask {' '.join(args)} failed:\n{result.output}\n{result.exception!r}"
        )
    return result.output


def available(app: Flask, args: list[str]) -> bool:
    """Whether `flask <group> <command>` exists on this branch."""
    if args[0] == "db":
        return True
    group = app.cli.commands.get(args[0])
    if group is None:
        # Blueprint command groups are added when the blueprint is registered.
        group = next((g for name, g in _blueprint_groups(app) if name == args[0]), None)
    return isinstance(group, click.Group) and args[1] in group.commands


def _blueprint_groups(app: Flask) -> Iterator[tuple[str, click.Command]]:
    for bp in app.blueprints.values():
        if bp.cli.commands:
            yield (bp.cli.name or bp.name), bp.cli


def prepare(app: Flask) -> list[str]:
    """Migrate and load the demo data; return the commands that ran."""
    ran = []
    for args in DEMO_COMMANDS:
        if available(app, args):
            run_command(app, args)
            ran.append(" ".join(args[:2]))
    return ran


class QuietHandler(WSGIRequestHandler):
    """Log errors, not every request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@dataclass
class LiveServer:
    url: str
    app: Flask
    database_url: str
    commands: list[str] = field(default_factory=list)

    def __call__(self, path: str) -> str:
        return self.url + path


@contextmanager
def live_server(tmp_dir: Path) -> Iterator[LiveServer]:
    with temporary_database(tmp_dir) as url:
        instance = tmp_dir / "instance"
        instance.mkdir(exist_ok=True)
        app = create_app(e2e_config(url, instance))
        app.instance_path = str(instance)
        commands = prepare(app)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, url, commands)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
