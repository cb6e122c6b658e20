"""The manager's weekly summary: one mail a week, when there is something to tell (overdue people,
new assignments, the open inventory's response in their units).

An optional mail (a manager may opt out). Recorded in `reminder_sent` (kind "manager_summary").
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import exists, select

from learnapp import formats
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.mail import send_mail
from learnapp.notifications import digest as digests
from learnapp.notifications.preferences import opted_out
from learnapp.org.models import Person, UnitManager
from learnapp.permissions import Scope
from learnapp.training.models import ReminderSent
from learnapp.training.reminders import WEEK, overdue_people


def send_manager_summaries(now: datetime) -> int:
    """One summary per manager a week, when there is something to tell: people in their scope
    who are overdue, courses newly assigned there since the last summary, the open inventory's
    response there. An optional mail: a manager who turned those off gets none."""
    summarised = exists().where(
        ReminderSent.person_id == Person.id,
        ReminderSent.kind == "manager_summary",
        ReminderSent.sent_at > now - WEEK,
    )
    managers = db.session.scalars(
        select(Person)
        .where(
            Person.active,
            Person.id.in_(select(UnitManager.person_id)),
            ~summarised,
            ~opted_out(Person.id),  # the summary is an optional mail
        )
        .order_by(Person.id)
    ).all()
    extra = digests.digests([m.id for m in managers], now)
    sent = 0
    for manager in managers:
        people = [row for row in overdue_people(Scope.of(manager)) if row[0].id != manager.id]
        digest = extra[manager.id]
        if not people and not digest:
            continue
        with force_locale(manager.language or "sv"):
            parts = [_("Here is this week's summary for your units.")]
            if people:
                parts.append(
                    "\n".join(
                        [_("These people in your units have overdue mandatory training:")]
                        + [
                            "- "
                            + ngettext(
                                "%(name)s, %(unit)s: %(n)s overdue",
                                "%(name)s, %(unit)s: %(n)s overdue",
                                n,
                                name=p.name,
                                unit=u.name if u else "–",
                                n=formats.number(n),
                            )
                            for p, u, n in people
                        ]
                    )
                )
            parts.extend(digests.lines(digest))
            body = "\n\n".join(
                [
                    _("Hello %(name)s,", name=manager.name),
                    *parts,
                    _("See your units here: %(link)s", link=external_url("training.team")),
                ]
            )
            send_mail(
                manager.email,
                _("Weekly summary for your units"),
                body,
                kind="manager_summary",
                person_id=manager.id,
                why=_("You get this message because you are a manager in the training platform."),
            )
        db.session.add(ReminderSent(person_id=manager.id, kind="manager_summary", sent_at=now))
        db.session.flush()
        sent += 1
    return sent
