"""Finding 12: a manager's reminder at most once per person (and so per course) a day; the
page says when the last one was sent."""

from __future__ import annotations

from datetime import timedelta

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.training import status
from learnapp.training.models import ReminderSent, RuleScope
from tests.querycount import count_statements


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


def test_the_unit_page_asks_when_people_were_reminded_only_when_someone_is_overdue(
    client, login, org, course, make_rule, outbox
):
    make_rule(RuleScope.EVERYONE, due_days=30)
    db.session.commit()
    login(org.manager)
    url = f"/training/team/units/{org.soder.id}"
    client.get(url)
    with count_statements() as seen:
        assert client.get(url).status_code == 200
    assert not [s for s in seen if "reminder_sent" in s], str(seen)
    status.refresh(now=utcnow() + timedelta(days=31))
    db.session.commit()
    with count_statements() as seen:
        page = client.get(url).get_data(as_text=True)
    assert [s for s in seen if "reminder_sent" in s]
    assert f"/training/team/people/{org.staff.id}/remind" in page
