from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnapp import slots
from learnapp.bounds import query_int
from learnapp.extensions import db
from learnapp.org import queries
from learnapp.org.blueprint import bp
from learnapp.org.models import Department, Unit
from learnapp.org.permissions import current_scope, get_person_or_404, get_unit_or_404


def _page() -> int:
    return max(1, query_int("page", 1) or 1)


@bp.route("/")
@login_required
def units() -> ResponseReturnValue:
    """The top of the viewer's part of the tree (every department, or the units they manage),
    each counted; or, with `q`, the units in scope whose name contains it, a page at a time."""
    scope = current_scope()
    query = request.args.get("q", "")[:200].strip()
    if query:
        page = _page()
        found, total = queries.search_units(scope, query, page)
        return render_template(
            "org/units.html",
            query=query,
            found=found,
            total=total,
            page=page,
            pages=queries.pages(total),
        )
    if scope.everything:
        return render_template("org/units.html", departments=queries.departments_counted())
    return render_template("org/units.html", units=queries.managed_units_counted(current_user.id))


@bp.route("/departments/<int:department_id>")
@login_required
def department(department_id: int) -> ResponseReturnValue:
    """A department's top units, each counted with the units and people below it."""
    department = db.session.get(Department, department_id)
    if department is None or not current_scope().everything:
        abort(404)
    return render_template(
        "org/department.html",
        department=department,
        units=queries.units_counted(Unit.department_id == department.id, Unit.parent_id.is_(None)),
    )


@bp.route("/units/<int:unit_id>")
@login_required
def unit(unit_id: int) -> ResponseReturnValue:
    """A unit: the units just below it (counted), and its own people a page at a time."""
    unit = get_unit_or_404(unit_id)
    scope = current_scope()
    breadcrumbs = queries.unit_breadcrumbs(unit)
    page = _page()
    people, total = queries.people_of_unit(unit, page)
    return render_template(
        "org/unit.html",
        unit=unit,
        breadcrumbs=breadcrumbs,
        # A manager sees the path above their units, but only their own units are links.
        linked={u.id for u in breadcrumbs if scope.covers_unit(u.id)},
        everything=scope.everything,
        itself=queries.units_counted(Unit.id == unit.id)[0],
        children=queries.units_counted(Unit.parent_id == unit.id),
        people=people,
        total=total,
        page=page,
        pages=queries.pages(total),
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
