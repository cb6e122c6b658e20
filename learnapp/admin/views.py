"""The administration start page, the menu entry and the admin section on a person's page."""

from __future__ import annotations

from flask import render_template

from learnapp.admin.blueprint import bp
from learnapp.auth import oidc_config
from learnapp.links import external_url
from learnapp.org.models import Person, Role
from learnapp.permissions import roles_required

ADMIN = (Role.ADMIN,)
READERS = (Role.ADMIN, Role.COORDINATOR)  # coordinators may read people and the audit log


@bp.route("/")
@roles_required(*READERS)
def index() -> str:
    return render_template(
        "admin/index.html",
        sso=oidc_config.enabled(),
        redirect_uri=external_url("auth.oidc_callback"),
        local_open=oidc_config.local_login_open(),
    )


def person_section(person: Person, viewer: Person) -> str | None:
    """Links to the person's admin page, and to one's own data."""
    if viewer.id != person.id and not viewer.has_role(*READERS):
        return None
    return render_template("admin/_person_section.html", person=person, viewer=viewer)
