"""Finding 12: a manager's reminder at most once per person (and so per course) a day; the
page says when the last one was sent."""

from __future__ import annotations

from datetime import timedelta

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.training import status
from learnapp.training.models import ReminderSent, RuleScope


def _overdue(make_rule, outbox):
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + timedelta(days=3))
    db.session.commit()
    deliver()  # the rule's assignment mails
    outbox.clear()


def test_a_second_reminder_the_same_day_is_refused(client, login, org, course, make_rule, outbox):
    _overdue(make_rule, outbox)
    login(org.manager)
    for _ in range(3):
        client.post(f"/training/team/people/{org.staff.id}/remind")
    assert [m["To"] for m in outbox] == [org.staff.email]
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert "påmindes för mindre än ett dygn sedan" in client.post(
        f"/training/team/people/{org.staff.id}/remind", follow_redirects=True
    ).get_data(as_text=True)
    assert "Påmind" in page
    assert f"/training/team/people/{org.staff.id}/remind" not in page


def test_a_reminder_is_possible_again_after_a_day(client, login, org, course, make_rule, outbox):
    _overdue(make_rule, outbox)
    login(org.manager)
    client.post(f"/training/team/people/{org.staff.id}/remind")
    db.session.execute(
        db.update(ReminderSent).values(sent_at=utcnow() - timedelta(days=1, minutes=1))
    )
    db.session.commit()
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert f"/training/team/people/{org.staff.id}/remind" in page
    assert "Senast påmind" in page
    client.post(f"/training/team/people/{org.staff.id}/remind")
    assert len(outbox) == 2
