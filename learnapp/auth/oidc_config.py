"""The single sign-on's settings as the rest of the app asks about them."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from learnapp.org.models import Person, Role


def flag(value: object) -> bool:
    """A setting that may come as a bool or as text ("false", "0", "no", "off")."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def names(value: object) -> list[str]:
    """A setting that may come as a comma-separated string or a list."""
    items = value.split(",") if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    return [str(item).strip() for item in items if str(item).strip()]


def enabled() -> bool:
    """Whether single sign-on is configured (an issuer and a client id)."""
    config = current_app.config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def button_label() -> str:
    return current_app.config.get("OIDC_BUTTON_LABEL") or _(
        "Sign in with the municipality's account"
    )


def local_login_open() -> bool:
    """Whether everyone may sign in with a local password (else only administrators)."""
    return not enabled() or flag(current_app.config.get("LOCAL_LOGIN", True))


def may_use_password(person: Person) -> bool:
    return local_login_open() or person.has_role(Role.ADMIN)
