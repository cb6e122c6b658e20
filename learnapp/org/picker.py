"""Choosing units in a form without listing every unit of the organisation.

A form that picks a unit offers a short list: the units already chosen, a default set that the page
decides (the units near the one being edited, or the top units), or, when the person has searched,
the units whose name contains the search. Each is labelled with its place in the tree
("Department › Area › Unit"). Three statements whatever the size of the tree; at most `LIMIT`
units found per search, and the page says when there were more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import request
from sqlalchemy import ColumnElement, func, select

from learnapp.bounds import bounded_int
from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.swedish import sort_key

LIMIT = 50
MAX_FIND = 200

#: The names a form's search field and its button post (templates/_macros/unit_find.html).
FIND_FIELD = "unit_find"
FIND_BUTTON = "find_units"


@dataclass
class Picked:
    """The options to show: (unit id, label) in tree order; `more` when the search found more."""

    options: list[tuple[int, str]] = field(default_factory=list)
    more: bool = False
    find: str = ""
    limit: int = LIMIT

    @property
    def ids(self) -> set[int]:
        return {value for value, _label in self.options}


def clean_find(value: str | None) -> str:
    return (value or "")[:MAX_FIND].strip()


def _ids_of(paths: Iterable[str]) -> set[int]:
    return {int(p) for path in paths for p in path.strip("/").split("/") if p}


def labels(rows: list[Any]) -> list[tuple[int, str]]:
    """(id, "Department › … › Unit") for rows of (id, name, path, department), in tree order."""
    above = _ids_of(r.path for r in rows) - {r.id for r in rows}
    names = {r.id: r.name for r in rows}
    if above:
        names.update(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(above))).all())
    labelled = []
    for r in rows:
        path = [names.get(int(p), "?") for p in r.path.strip("/").split("/") if p]
        labelled.append((r.department, path, r.id))
    labelled.sort(key=lambda t: (sort_key(t[0]), [sort_key(n) for n in t[1]], t[2]))
    return [(unit_id, " › ".join([dept, *path])) for dept, path, unit_id in labelled]


def _rows(*where: ColumnElement[bool], limit: int | None = None) -> list[Any]:
    stmt = (
        select(Unit.id, Unit.name, Unit.path, Department.name.label("department"))
        .join(Department, Department.id == Unit.department_id)
        .where(*where)
        .order_by(func.lower(Unit.name), Unit.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.execute(stmt).all())


def pick(
    *within: ColumnElement[bool],
    find: str = "",
    keep: Iterable[int] = (),
    default: ColumnElement[bool] | None = None,
    exclude_below: Unit | None = None,
) -> Picked:
    """The units to offer: those in `keep`, and the search's matches (or the `default` units),
    all within `within` and outside `exclude_below`'s subtree."""
    where = list(within)
    # Ids posted back by a form: a number past the database's integers would make the query fail.
    keep = [k for k in keep if bounded_int(k) is not None]
    if exclude_below is not None:
        where.append(~Unit.path.startswith(exclude_below.path))
    find = clean_find(find)
    rows: list[Any] = []
    more = False
    if find:
        rows = _rows(
            *where,
            func.lower(Unit.name).contains(find.lower(), autoescape=True),
            limit=LIMIT + 1,
        )
        more = len(rows) > LIMIT
        rows = rows[:LIMIT]
    elif default is not None:
        rows = _rows(*where, default, limit=LIMIT * 4)
    wanted = {int(i) for i in keep if i} - {r.id for r in rows}
    if wanted:
        rows += _rows(*where, Unit.id.in_(wanted))
    return Picked(labels(rows), more, find)


def near(unit: Unit) -> ColumnElement[bool]:
    """The units above `unit` and those beside it (the same parent): where it is likely to go."""
    above = [int(p) for p in unit.path.strip("/").split("/") if p]
    beside = (
        Unit.parent_id == unit.parent_id if unit.parent_id is not None else Unit.parent_id.is_(None)
    )
    return Unit.id.in_(above) | ((Unit.department_id == unit.department_id) & beside)


def posted_find() -> str:
    """What the form's unit search field holds (a form posted, or the page's query string)."""
    source = request.form if request.method == "POST" else request.args
    return clean_find(source.get(FIND_FIELD))


def finding() -> bool:
    """True when the form was posted with its 'Find units' button and something to find: the
    page shows the form again with the units found, saving nothing. With an empty search field
    the button saves as the form's own button does (it is the one pressing Enter reaches)."""
    return request.method == "POST" and FIND_BUTTON in request.form and bool(posted_find())
