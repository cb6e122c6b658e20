"""Mail about needs inventories: an invitation to everyone in scope when one opens, reminders to
those who have not answered (`flask needs remind`, and the coordinator's "remind now")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, and_, exists, func, select

from learnapp import formats, signals
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.needs.models import InventoryState, NeedsInventory, NeedsSubmission
from learnapp.needs.services import in_scope_condition
from learnapp.notifications.letters import letter
from learnapp.notifications.models import OutboxMail
from learnapp.notifications.outbox import queue_for_people
from learnapp.notifications.render import renderer
from learnapp.org.models import Person, Unit

INVITE = "inventory_invite"
REMINDER = "inventory_reminder"
MANUAL_GAP = timedelta(hours=20)  # "remind now" skips people reminded since


@signals.inventory_opened.connect
def _on_opened(sender: Any, inventory: NeedsInventory, **kwargs: Any) -> None:
    invite_everyone(inventory)


@signals.inventory_latecomers_added.connect
def _on_latecomers(sender: Any, inventory: NeedsInventory, **kwargs: Any) -> None:
    invite_not_yet_invited(inventory)


def _in_scope(inventory: NeedsInventory) -> Select[Any]:
    return (
        select(Person.id).join(Unit, Person.unit_id == Unit.id).where(in_scope_condition(inventory))
    )


def invite_everyone(inventory: NeedsInventory, now: datetime | None = None) -> int:
    """Queue an invitation for each person in scope (one INSERT … SELECT)."""
    return queue_for_people(INVITE, _in_scope(inventory), ref_id=inventory.id, now=now)


def invite_not_yet_invited(inventory: NeedsInventory, now: datetime | None = None) -> int:
    """Queue an invitation for each person asked who has none for this inventory yet."""
    invited = exists().where(
        OutboxMail.person_id == Person.id,
        OutboxMail.kind == INVITE,
        OutboxMail.ref_id == inventory.id,
    )
    return queue_for_people(
        INVITE, _in_scope(inventory).where(~invited), ref_id=inventory.id, now=now
    )


def _reminded(inventory: NeedsInventory, since: datetime | None = None) -> Any:
    cond = [
        OutboxMail.person_id == Person.id,
        OutboxMail.kind == REMINDER,
        OutboxMail.ref_id == inventory.id,
    ]
    if since is not None:
        cond.append(OutboxMail.created_at > since)
    return cond


def unanswered(inventory: NeedsInventory) -> Select[Any]:
    """People in scope who have not sent their answers."""
    answered = exists().where(
        NeedsSubmission.inventory_id == inventory.id,
        NeedsSubmission.person_id == Person.id,
        NeedsSubmission.submitted_at.is_not(None),
    )
    return _in_scope(inventory).where(~answered)


def _manual_targets(inventory: NeedsInventory, now: datetime) -> Select[Any]:
    return unanswered(inventory).where(~exists().where(*_reminded(inventory, now - MANUAL_GAP)))


def remind_now_count(inventory: NeedsInventory, now: datetime | None = None) -> int:
    """How many people "remind now" would mail."""
    if not inventory.is_open:
        return 0
    targets = _manual_targets(inventory, now or utcnow()).subquery()
    return db.session.scalar(select(func.count()).select_from(targets)) or 0


def remind_now(
    inventory: NeedsInventory,
    now: datetime | None = None,
    *,
    actor: Person | None = None,
    client_address: str | None = None,
) -> int:
    """The coordinator's reminder to everyone who has not answered (and was not reminded in the
    last day); return how many. Audit-logged."""
    if not inventory.is_open:
        return 0
    now = now or utcnow()
    sent = queue_for_people(REMINDER, _manual_targets(inventory, now), ref_id=inventory.id, now=now)
    record("mail.inventory_reminded", actor=actor, target=inventory,
           client_address=client_address, people=sent)  # fmt: skip
    return sent


def send_due_reminders(now: datetime | None = None) -> dict[int, int]:
    """The daily job: for each open inventory closing within the set number of days, remind
    those who have not answered, each at most `NEEDS_MAX_REMINDERS` times and not twice within
    `NEEDS_REMIND_GAP_DAYS` days. Return {inventory id: people reminded}."""
    now = now or utcnow()
    config = current_app.config
    horizon = now.date() + timedelta(days=config["NEEDS_REMIND_DAYS_BEFORE_CLOSE"])
    inventories = db.session.scalars(
        select(NeedsInventory).where(
            NeedsInventory.state == InventoryState.OPEN.value,
            NeedsInventory.closes_on.is_not(None),
            NeedsInventory.closes_on >= now.date(),
            NeedsInventory.closes_on <= horizon,
        )
    ).all()
    sent = {}
    gap = timedelta(days=config["NEEDS_REMIND_GAP_DAYS"])
    for inventory in inventories:
        times = (
            select(func.count()).where(*_reminded(inventory)).correlate(Person).scalar_subquery()
        )
        targets = unanswered(inventory).where(
            times < config["NEEDS_MAX_REMINDERS"],
            ~exists().where(*_reminded(inventory, now - gap)),
        )
        sent[inventory.id] = queue_for_people(REMINDER, targets, ref_id=inventory.id, now=now)
    return sent


@renderer(INVITE)
def render_invitations(mails: list[OutboxMail]) -> set[int]:
    return _render(mails, reminder=False)


@renderer(REMINDER)
def render_reminders(mails: list[OutboxMail]) -> set[int]:
    return _render(mails, reminder=True)


def _render(mails: list[OutboxMail], *, reminder: bool) -> set[int]:
    inventories = {
        i.id: i
        for i in db.session.scalars(
            select(NeedsInventory).where(NeedsInventory.id.in_({m.ref_id for m in mails}))
        )
    }
    person_ids = {m.person_id for m in mails}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    answered = {
        (inventory_id, person_id)
        for inventory_id, person_id in db.session.execute(
            select(NeedsSubmission.inventory_id, NeedsSubmission.person_id).where(
                and_(
                    NeedsSubmission.person_id.in_(person_ids),
                    NeedsSubmission.inventory_id.in_(inventories),
                    NeedsSubmission.submitted_at.is_not(None),
                )
            )
        )
    }
    cancelled = set()
    for mail in mails:
        inventory = inventories.get(mail.ref_id or 0)
        person = people.get(mail.person_id or 0)
        if (
            inventory is None
            or person is None
            or not inventory.is_open
            or not person.active
            or (inventory.id, person.id) in answered
        ):
            cancelled.add(mail.id)
            continue
        with force_locale(person.language or "sv"):
            _write(mail, inventory, person, reminder)
    return cancelled


def _write(mail: OutboxMail, inventory: NeedsInventory, person: Person, reminder: bool) -> None:
    link = external_url("needs.answer", inventory_id=inventory.id)
    if reminder:
        mail.subject = _("Reminder: answer the inventory %(title)s", title=inventory.title)
        intro = _("You have not yet answered the inventory of training needs below.")
    else:
        mail.subject = _("Inventory of training needs: %(title)s", title=inventory.title)
        intro = _(
            "%(org)s is asking what training you need in its work against violent extremism. "
            "It takes a few minutes.",
            org=current_app.config["ORGANISATION_NAME"],
        )
    closes = (
        _("Answer by %(date)s:", date=formats.day(inventory.closes_on))
        if inventory.closes_on
        else _("Answer here:")
    )
    mail.body = letter(
        person.name,
        intro,
        inventory.title + ("\n" + inventory.description if inventory.description else ""),
        [closes, link],
        why=_("You get this message because the inventory asks people in your role or unit."),
    )
    mail.to_address = person.email
