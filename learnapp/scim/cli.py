"""`flask scim token create --name NAME`, `flask scim token list`, `flask scim token revoke ID`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learnapp.extensions import db
from learnapp.formats import counted
from learnapp.scim import tokens
from learnapp.scim.models import ScimToken

scim_cli = AppGroup("scim", help="SCIM provisioning from the directory.")
token_cli = AppGroup("token", help="Bearer tokens for the SCIM API.")
scim_cli.add_command(token_cli)


@token_cli.command("create")
@click.option("--name", required=True, help="What the token is for, e.g. 'Entra ID'.")
def create_token(name: str) -> None:
    """Make a token and print it once (only its hash is kept)."""
    if not name.strip():
        raise click.UsageError("--name must not be empty")
    token, secret = tokens.create(name, None)
    db.session.commit()
    click.echo(f"Token {token.id} ({token.name}), shown only now:")
    click.echo(secret)


@token_cli.command("list")
def list_tokens() -> None:
    """The tokens with their last use."""
    for token in tokens.listed():
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
        click.echo(f"{token.id}\t{token.name}\tlast used {used}\t{state}")


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke a token: the directory can no longer use it."""
    token = db.session.get(ScimToken, token_id)
    if token is None:
        raise click.ClickException(f"No token {token_id}")
    tokens.revoke(token, None)
    db.session.commit()
    click.echo(f"Token {token.id} ({token.name}) revoked.")


@scim_cli.command("apply")
def apply_pending() -> None:
    """Apply the rules to everyone SCIM changed that is still queued (run it from cron)."""
    from learnapp.scim import pending

    n = pending.apply_all()
    db.session.commit()
    click.echo(f"{counted(n, 'person', 'people')} applied.")
