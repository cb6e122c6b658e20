"""The administration start page, the menu entry and the admin section on a person's page."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from learnapp import navigation, slots
from learnapp.admin import bp
from learnapp.org.models import Person, Role
from learnapp.permissions import roles_required

ADMIN = (Role.ADMIN,)
READERS = (Role.ADMIN, Role.COORDINATOR)  # coordinators may read people and the audit log

navigation.register("admin.index", _l("Administration"), 90, roles={Role.ADMIN, Role.COORDINATOR})


@bp.route("/")
@roles_required(*READERS)
def index() -> str:
    return render_template("admin/index.html")


@slots.register("person", "admin", 90)
def person_section(person: Person, viewer: Person) -> str | None:
    """Links to the person's admin page, and to one's own data."""
    if viewer.id != person.id and not viewer.has_role(*READERS):
        return None
    return render_template("admin/_person_section.html", person=person, viewer=viewer)
