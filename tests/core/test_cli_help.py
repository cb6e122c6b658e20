"""Every `flask` command group and command explains itself in `--help`."""

from __future__ import annotations

import click
import pytest
from flask import Flask

OWN_GROUPS = [
    "courses", "demo", "gift", "needs", "people", "privacy", "reminders", "training", "translate",
    "users",
]  # fmt: skip


def _group(app: Flask, name: str) -> click.Group:
    cli = app.cli
    with click.Context(cli) as ctx:
        ctx.obj = None
        command = cli.get_command(ctx, name)
    assert isinstance(command, click.Group), name
    return command


@pytest.mark.parametrize("name", OWN_GROUPS)
def test_every_command_group_has_help_text(app: Flask, name: str) -> None:
    assert (_group(app, name).help or "").strip()


@pytest.mark.parametrize("name", OWN_GROUPS)
def test_every_command_in_a_group_has_help_text(app: Flask, name: str) -> None:
    group = _group(app, name)
    silent = [n for n, c in group.commands.items() if not (c.help or "").strip()]
    assert silent == []


def test_the_group_help_shows_in_the_command_list(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["--help"])
    listed = {
        line.split()[0]: line.split(maxsplit=1)[1:]
        for line in result.output.split("Commands:")[1].splitlines()
        if line.strip()
    }
    assert all(listed[name] for name in OWN_GROUPS), listed
