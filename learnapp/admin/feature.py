"""How the app factory mounts the admin feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, slots
from learnapp.admin import privacy as admin_privacy

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.admin import (  # noqa: F401
    views,
    views_audit,
    views_import,
    views_invite,
    views_org,
    views_people,
    views_people_list,
    views_privacy,
)
from learnapp.admin.blueprint import bp, privacy_bp
from learnapp.admin.cli import people_cli, privacy_cli
from learnapp.audit import personal_data as audit_personal_data
from learnapp.org.models import Role


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*admin_privacy.SECTIONS, *audit_personal_data.SECTIONS)
    navigation.register(
        "admin.index", _l("Administration"), 90, roles={Role.ADMIN, Role.COORDINATOR}
    )
    slots.register("person", "admin", 90)(views.person_section)

    app.register_blueprint(privacy_bp, url_prefix="/privacy")
    app.cli.add_command(people_cli)
    app.cli.add_command(privacy_cli)
    app.register_blueprint(bp, url_prefix="/admin")
