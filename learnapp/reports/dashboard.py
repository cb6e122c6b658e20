"""The few figures the coordinator and a manager look for first, at the top of their start page:
completion of mandatory courses, overdue, the open inventory's response, routines acknowledged —
each linking to the page behind it. The coordinator's come from the organisation's rollups, a
manager's from the stored statuses of their units; each figure is one aggregate query, so the
panel costs the same few statements for any number of people, units or courses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from sqlalchemy import case, func, select

from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory
from learnapp.needs.reports import response_rates, total_rate
from learnapp.needs.services import open_inventories
from learnapp.org.models import Person, Role
from learnapp.permissions import Scope
from learnapp.training.models import CourseStatus, Status
from learnapp.training.rollups import NO_DEPARTMENT, StatusCount


@dataclass(frozen=True)
class Figure:
    """One figure: `done` of `total` (a share), or a count when `total` is None."""

    key: str
    done: int
    total: int | None
    url: str
    extra: str = ""

    @property
    def share(self) -> float | None:
        if self.total is None:
            return None
        return self.done / self.total if self.total else None


def _organisation_training() -> tuple[int, int, int]:
    """(assigned, completed, overdue) mandatory course assignments, from the rollup."""
    sc = StatusCount

    def total(status: Status | None = None) -> Any:
        n = sc.n if status is None else case((sc.status == status.value, sc.n), else_=0)
        return func.coalesce(func.sum(n), 0)

    row = db.session.execute(
        select(total(), total(Status.COMPLETED), total(Status.OVERDUE)).where(
            sc.mandatory.is_(True), sc.department_id != NO_DEPARTMENT
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _units_training(scope: Scope) -> tuple[int, int, int]:
    """(assigned, completed, overdue) mandatory course assignments in the scope's units."""
    cs = CourseStatus

    def count(status: Status) -> Any:
        return func.coalesce(func.sum(case((cs.status == status.value, 1), else_=0)), 0)

    row = db.session.execute(
        select(func.count(), count(Status.COMPLETED), count(Status.OVERDUE)).where(
            cs.assigned.is_(True), cs.mandatory.is_(True), cs.unit_id.in_(scope.unit_ids())
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _open_inventory() -> NeedsInventory | None:
    """The open inventory closing first (the one people are answering now)."""
    return next(iter(open_inventories()), None)


def _routines(scope: Scope) -> tuple[int, int] | None:
    """(acknowledged, asked) person × routine pairs, or None while no routine is published."""
    from learnapp.routines.followup import report_figures, scope_shares

    if scope.everything:
        figures = report_figures()
        if figures is None:
            return None
        return figures["total"]["acknowledged"], figures["total"]["asked"]
    shares = scope_shares(scope).values()
    if not shares:
        return None
    return sum(s.acknowledged for s in shares), sum(s.total for s in shares)


def figures(person: Person) -> list[Figure]:
    scope = Scope.of(person)
    coordinator = scope.everything
    assigned, completed, overdue = (
        _organisation_training() if coordinator else _units_training(scope)
    )
    training_url = url_for("training.overview" if coordinator else "training.team")
    result = [
        Figure("mandatory", completed, assigned, training_url),
        Figure(
            "overdue", overdue, None, url_for("reports.report") if coordinator else training_url
        ),
    ]
    inventory = _open_inventory()
    if inventory is not None:
        rates = response_rates(inventory, unit_ids=None if coordinator else scope.unit_ids())
        total = total_rate(rates)
        endpoint = "needs.results" if coordinator else "needs.team"
        url = url_for(endpoint, inventory_id=inventory.id)
        result.append(Figure("inventory", total.answered, total.in_scope, url, inventory.title))
    routines = _routines(scope)
    if routines is not None:
        result.append(Figure("routines", routines[0], routines[1], url_for("routines.follow_up")))
    return result


def home_panel(person: Person) -> str | None:
    """The dashboard for coordinators, administrators and managers; nothing for others."""
    if not person.has_role(Role.COORDINATOR, Role.ADMIN, Role.MANAGER):
        return None
    coordinator = person.has_role(Role.COORDINATOR, Role.ADMIN)
    return render_template(
        "reports/_dashboard.html", figures=figures(person), coordinator=coordinator
    )
