"""Bulk actions on the people list: set or clear key person, deactivate — and what others add.

An action is a function `run(ids, actor) -> int` that gets a SELECT of the chosen people's ids
(never a list walked in Python) and changes them set-based, writes the audit log and announces
the change; it flushes, the view commits once. Another feature adds its own action from its
`feature.py`:

    from learnapp.admin import bulk
    bulk.register(bulk.BulkAction("invite", _l("Send invitation"), lambda n: ngettext(
        "Send an invitation to %(n)s person?", "Send invitations to %(n)s people?", n, n=n),
        run=send_invitations, order=10, narrow=not_signed_in_yet))

The people list offers every registered action; the confirmation page says how many people it
will change, and only then is it run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import format_number, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update

from learnapp import signals
from learnapp.admin import people_list
from learnapp.audit.services import record, record_many
from learnapp.auth.models import AuthSession
from learnapp.db import id_set, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person

#: At most this many ticked boxes are read from one form (a page shows at most 100 people).
MAX_TICKED = 1000

BulkRun = Callable[[Select[Any], Person], int]


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: Any  # a lazy string: the choice on the list
    question: Callable[[int], str]  # n -> the confirmation page's question (ngettext)
    run: BulkRun
    order: int = 50
    danger: bool = False  # the confirm button is drawn as a dangerous one
    #: Narrows the chosen people to those the action changes (the number the page shows).
    narrow: Callable[[Select[Any], Person], Select[Any]] | None = None

    def targets(self, ids: Select[Any], actor: Person) -> Select[Any]:
        return self.narrow(ids, actor) if self.narrow is not None else ids


_actions: dict[str, BulkAction] = {}


def register(action: BulkAction) -> BulkAction:
    _actions[action.name] = action
    return action


def actions() -> list[BulkAction]:
    return sorted(_actions.values(), key=lambda a: (a.order, a.name))


def get(name: str) -> BulkAction | None:
    return _actions.get(name)


def chosen(f: people_list.PeopleFilter, ticked: list[int], everyone: bool) -> Select[Any]:
    """The people a bulk action is for: everyone the filter selects, or the ticked ones of them."""
    stmt = people_list.matching(f)
    if everyone:
        return stmt
    return stmt.where(Person.id.in_(id_set(ticked[:MAX_TICKED], db.session)))


def how_many(ids: Select[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0


def _set_key_person(value: bool) -> BulkRun:
    def run(ids: Select[Any], actor: Person) -> int:
        changing = list(db.session.scalars(ids))
        if not changing:
            return 0
        values: dict[str, Any] = {"is_key_person": value}
        if not value:
            values["key_function"] = ""
        db.session.execute(
            update(Person)
            .where(Person.id.in_(id_set(changing, db.session)))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        _expire(changing)
        record_many(
            "person.updated",
            [("person", i, {"fields": ["is_key_person"], "source": "bulk"}) for i in changing],
            actor=actor,
        )
        record("people.bulk", actor=actor, bulk_action="key_person" if value else "not_key_person",
               people=len(changing))  # fmt: skip
        signals.people_changed.send(changed=changing)  # rules for key persons follow
        return len(changing)

    return run


def deactivate(ids: Select[Any], actor: Person) -> int:
    """Deactivate the people (active, not the actor): they cannot sign in, history kept."""
    leaving = list(db.session.scalars(ids))
    if not leaving:
        return 0
    now = utcnow()
    chosen_ids = id_set(leaving, db.session)
    db.session.execute(
        update(Person)
        .where(Person.id.in_(chosen_ids))
        .values(active=False, deactivated_at=now, session_version=Person.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.person_id.in_(chosen_ids), AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, remember_hash=None)
        .execution_options(synchronize_session=False)
    )
    _expire(leaving)
    record_many(
        "person.deactivated", [("person", i, {"reason": "bulk"}) for i in leaving], actor=actor
    )
    record("people.bulk", actor=actor, bulk_action="deactivate", people=len(leaving))
    signals.people_changed.send(deactivated=leaving)
    return len(leaving)


def _key_person_is(value: bool) -> Callable[[Select[Any], Person], Select[Any]]:
    return lambda ids, _actor: ids.where(Person.is_key_person.is_(not value))


def _active_others(ids: Select[Any], actor: Person) -> Select[Any]:
    return ids.where(Person.active, Person.id != actor.id)


def _expire(ids: list[int]) -> None:
    wanted = set(ids)
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Person) and obj.id in wanted:
            db.session.expire(obj)


register(
    BulkAction(
        "key_person",
        _l("Make key person"),
        lambda n: ngettext(
            "Make %(n)s person a key person?",
            "Make %(n)s people key persons?",
            n,
            n=format_number(n),
        ),
        _set_key_person(True),
        order=20,
        narrow=_key_person_is(True),
    )
)
register(
    BulkAction(
        "not_key_person",
        _l("Remove key person"),
        lambda n: ngettext(
            "Remove the key-person flag (and function) from %(n)s person?",
            "Remove the key-person flag (and function) from %(n)s people?",
            n,
            n=format_number(n),
        ),
        _set_key_person(False),
        order=30,
        narrow=_key_person_is(False),
    )
)
register(
    BulkAction(
        "deactivate",
        _l("Deactivate"),
        lambda n: ngettext(
            "Deactivate %(n)s person? They can no longer sign in; their history is kept.",
            "Deactivate %(n)s people? They can no longer sign in; their history is kept.",
            n,
            n=format_number(n),
        ),
        deactivate,
        order=90,
        danger=True,
        narrow=_active_others,
    )
)
