"""The GROUP BY behind an inventory's results: per unit, per unit with the units below it (a head
unit) and per department. `tallies` stores its rows; `reports` counts live with it (a draft)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from learnapp.areas.models import CompetenceArea
from learnapp.needs.models import Need, NeedsInventory, NeedsResponse, NeedsSubmission
from learnapp.needs.scope import in_scope_condition
from learnapp.org.models import Person, Unit

UNIT = "unit"  # the unit's own people
TREE = "tree"  # the unit and every unit below it
DEPARTMENT = "department"

# The inventory's mapper names its areas' class: mapped before the expressions below use the ORM.
_MAPPED = (CompetenceArea,)

# The drill-down's rows: units counted with every unit below them. A condition on HEAD says which
# (`heads=`); each person then counts for the head unit whose subtree holds their unit. Unit paths
# hold only digits and slashes ("/1/5/23/"), so LIKE needs no escaping.
HEAD = aliased(Unit, name="head")
IN_HEADS_SUBTREE = and_(Unit.department_id == HEAD.department_id, Unit.path.startswith(HEAD.path))


def submitted_join(inventory: NeedsInventory) -> Any:
    return and_(
        NeedsSubmission.person_id == Person.id,
        NeedsSubmission.inventory_id == inventory.id,
        NeedsSubmission.submitted_at.is_not(None),
    )


def _group(kind: str) -> Any:
    return {
        UNIT: Unit.id,
        TREE: HEAD.id,
        DEPARTMENT: Unit.department_id,
    }[kind]


def counted(inventory: NeedsInventory, kind: str, *, rates: bool) -> Select[Any]:
    """The GROUP BY over the people asked (`rates`) or the submitted answers, per unit, head unit
    with its subtree or department (`kind`): inventory id, kind, group id, [area id,] then the
    sums of a tallies row. The tallies' UNIT rows are counted with it; the tests compare every
    kind of stored row with it."""
    group = _group(kind)
    if rates:
        stmt = (
            select(
                literal(inventory.id),
                literal(kind),
                group,
                func.count(Person.id),
                func.count(NeedsSubmission.id),
            )
            .select_from(Person)
            .join(Unit, Person.unit_id == Unit.id)
            .outerjoin(NeedsSubmission, submitted_join(inventory))
            .where(in_scope_condition(inventory))
            .group_by(group)
        )
    else:
        stmt = answers_by(
            group,
            [
                literal(inventory.id),
                literal(kind),
                group,
                NeedsResponse.area_id,
                func.count(NeedsResponse.need),
                func.coalesce(great_sum(), 0),
                func.coalesce(func.sum(NeedsResponse.knowledge), 0),
                func.count(NeedsResponse.knowledge),
            ],
            inventory,
        )
    if kind == TREE:
        stmt = stmt.join(HEAD, IN_HEADS_SUBTREE)
    return stmt


def great_sum() -> Any:
    return func.sum(case((NeedsResponse.need == Need.GREAT.value, 1), else_=0))


def answers_by(group: Any, columns: list[Any], inventory: NeedsInventory) -> Select[Any]:
    return (
        select(*columns)
        .select_from(NeedsResponse)
        .join(
            NeedsSubmission,
            and_(
                NeedsSubmission.inventory_id == NeedsResponse.inventory_id,
                NeedsSubmission.person_id == NeedsResponse.person_id,
            ),
        )
        .join(Person, Person.id == NeedsResponse.person_id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(
            NeedsResponse.inventory_id == inventory.id,
            NeedsSubmission.submitted_at.is_not(None),
        )
        .group_by(group, NeedsResponse.area_id)
    )
