from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnapp import slots
from learnapp.org import queries
from learnapp.org.blueprint import bp
from learnapp.permissions import current_scope, get_person_or_404, get_unit_or_404


@bp.route("/")
@login_required
def units() -> ResponseReturnValue:
    """The units the viewer may see, as a tree with head counts."""
    return render_template("org/units.html", units=queries.units_in_scope(current_scope()))


@bp.route("/units/<int:unit_id>")
@login_required
def unit(unit_id: int) -> ResponseReturnValue:
    unit = get_unit_or_404(unit_id)
    scope = current_scope()
    breadcrumbs = queries.unit_breadcrumbs(unit)
    return render_template(
        "org/unit.html",
        unit=unit,
        breadcrumbs=breadcrumbs,
        # A manager sees the path above their units, but only their own units are links.
        linked={u.id for u in breadcrumbs if scope.covers_unit(u.id)},
        children=queries.children_of(unit),
        people=queries.people_in_unit(unit),
    )


@bp.route("/people/<int:person_id>")
@login_required
def person(person_id: int) -> ResponseReturnValue:
    person = get_person_or_404(person_id)
    return render_template(
        "org/person.html",
        person=person,
        is_self=person.id == current_user.id,
        sections=slots.render("person", person=person, viewer=current_user),
    )
