"""Command-line commands: `flask users`, `flask demo`, `flask translate`."""

from __future__ import annotations

import secrets

import click
from flask import Flask
from flask.cli import AppGroup

from learnapp import i18n
from learnapp.extensions import db
from learnapp.formats import counted

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data.")
translate_cli = AppGroup("translate", help="Message catalogues.")


@users_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--name", default="Administratör", show_default=True)
@click.password_option(help="Asked for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator, or give an existing account the admin role. Audit-logged."""
    from learnapp import signals
    from learnapp.audit.services import record
    from learnapp.org.models import Role
    from learnapp.org.services import create_person, find_person_by_email

    if len(password) < 10:
        raise click.BadParameter(
            "the password must be at least 10 characters", param_hint="password"
        )
    person = find_person_by_email(email)
    if person is None:
        person = create_person(name, email, password=password, roles={Role.ADMIN})
        record("person.created", target=person, roles=[Role.ADMIN.value], source="cli")
        signals.person_changed.send(person=person, created=True, moved=False, deactivated=False)
        click.echo(f"Created administrator {person.email}.")
    else:
        before = sorted(r.value for r in person.roles)
        person.set_roles(set(person.roles) | {Role.ADMIN})
        person.set_password(password)
        after = sorted(r.value for r in person.roles)
        if after != before:
            record("person.roles_changed", target=person, before=before, after=after, source="cli")
        record("person.password_set", target=person, source="cli")
        signals.person_changed.send(person=person, created=False, moved=False, deactivated=False)
        click.echo(f"{person.email} is now an administrator.")
    db.session.commit()


@demo_cli.command("load")
@click.option("--password", help="Password for every demo account (else one is generated).")
def demo_load(password: str | None) -> None:
    """Create (or complete) the demo: the organisation and accounts, then each feature's part
    (an open inventory, assignments with progress, a published routine). Safe to run again.
    Run `flask courses sync` first for the training part."""
    from learnapp.demo.parts import parts
    from learnapp.demo.services import DEMO_ACCOUNTS, load_demo

    generated = password is None
    password = password or secrets.token_urlsafe(12)
    summary = load_demo(password)
    db.session.commit()
    click.echo(
        f"Demo data: {summary.departments} departments, {summary.units} units, "
        f"{summary.people} people ({summary.created} new)."
    )
    for _name, part in parts():
        message = part()
        db.session.commit()
        click.echo(message)
    if generated:
        click.echo(f"Password for the demo accounts: {password}")
    for email, role in DEMO_ACCOUNTS:
        click.echo(f"  {email:<26} {role}")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile the message catalogues (.po to .mo)."""
    done = i18n.compile_catalogs(force=True)
    click.echo(f"Compiled {counted(len(done), 'catalogue')}.")


@translate_cli.command("check")
def translate_check() -> None:
    """List message ids that have no Swedish translation; exit 1 if any."""
    missing = i18n.missing_translations()
    for key, places in sorted(missing.items()):
        click.echo(f"{places[0]}: {key!r}")
    if missing:
        raise SystemExit(1)
    click.echo("Every message has a Swedish translation.")


@translate_cli.command("stub")
@click.argument("part")
def translate_stub(part: str) -> None:
    """Add the untranslated messages to PART's catalogue, with empty translations to fill in."""
    missing = i18n.missing_translations()
    po = i18n.add_stubs(part, missing)
    click.echo(f"Added {counted(len(missing), 'message')} to {po}.")


def init_app(app: Flask) -> None:
    from learnapp import backup

    backup.init_app(app)  # flask db backup / restore
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(translate_cli)
