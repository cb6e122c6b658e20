"""`flask reminders send` against a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications import summaries
from learnapp.notifications.delivery import deliver
from learnapp.training import reminders, status
from learnapp.training.models import ReminderSent, RuleScope
from tests.training.conftest import complete, days


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        """Reminders and summaries to `address` (not the assignment mails or receipts)."""
        return [
            m
            for m in self.messages
            if m["To"] == address and m["X-Learnapp-Kind"] in ("reminder", "manager_summary")
        ]


@pytest.fixture
def smtp(app):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


def body(message: Any) -> str:
    return message.get_body(("plain",)).get_content()


def run(runner) -> str:
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_person_is_reminded_of_a_course_due_within_a_week(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5)
    run(runner)
    [message] = smtp.to(org.staff.email)
    assert "Grunder om extremism" in body(message)


def test_a_course_due_later_is_not_reminded(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=30)
    run(runner)
    assert smtp.to(org.staff.email) == []


def test_a_recommended_course_is_not_reminded(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5, mandatory=False)
    run(runner)
    assert smtp.to(org.staff.email) == []


def test_a_completed_course_is_not_reminded(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5)
    complete(org.staff, course)
    run(runner)
    assert smtp.to(org.staff.email) == []


def test_reminders_go_at_most_once_a_week(smtp, app, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5)
    now = utcnow()
    reminders.send_reminders(now)
    reminders.send_reminders(now + days(3))
    db.session.commit()
    deliver()
    assert len(smtp.to(org.staff.email)) == 1


def test_reminders_go_again_after_a_week(smtp, app, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5)
    now = utcnow()
    reminders.send_reminders(now)
    reminders.send_reminders(now + days(8))
    db.session.commit()
    deliver()
    assert len(smtp.to(org.staff.email)) == 2
    assert (
        db.session.scalar(select(func.count(ReminderSent.id)).where(ReminderSent.kind == "overdue"))
        == 1
    )


def test_a_reminder_is_in_the_persons_language(smtp, runner, org, course, make_rule):
    org.staff.language = "en"
    db.session.commit()
    make_rule(RuleScope.EVERYONE, due_days=5)
    run(runner)
    assert smtp.to(org.staff.email)[0]["Subject"] == "Reminder: mandatory training"
    assert smtp.to(org.other_staff.email)[0]["Subject"] == "Påminnelse: obligatorisk utbildning"
    # The due date in each reader's house style (learnapp.formats): "3 December 2026" (en_GB),
    # "3 december 2026"; never a US date or an ISO one.
    english = body(smtp.to(org.staff.email)[0])
    swedish = body(smtp.to(org.other_staff.email)[0])
    assert re.search(r"\(due \d{1,2} [A-Z][a-z]+ 20\d\d\)", english), english
    assert re.search(r"\(ska vara klar senast \d{1,2} [a-z]+ 20\d\d\)", swedish), swedish


def test_manager_gets_a_weekly_summary_of_overdue_people(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    run(runner)
    [summary] = [m for m in smtp.to(org.manager.email) if "Lärare Söder" in body(m)]
    assert "Lärare Norr" not in body(summary)


def test_the_manager_summary_is_in_the_managers_language(smtp, runner, org, course, make_rule):
    org.manager.language = "en"
    db.session.commit()
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    run(runner)
    [summary] = [m for m in smtp.to(org.manager.email) if "Lärare Söder" in body(m)]
    assert summary["Subject"] == "Weekly summary for your units"
    assert "These people in your units have overdue mandatory training:" in body(summary)


def test_manager_summary_goes_once_a_week(smtp, app, org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder, due_days=1)
    status.refresh(now=utcnow() + days(3))
    now = utcnow()
    assert summaries.send_manager_summaries(now) == 1
    assert summaries.send_manager_summaries(now + days(2)) == 0


def test_deactivated_people_get_no_reminder(smtp, runner, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=5)
    org.staff.active = False
    db.session.commit()
    run(runner)
    assert smtp.to(org.staff.email) == []


def test_every_reminder_letter_greets_introduces_lists_and_closes(app, org):
    from flask_babel import force_locale

    with force_locale("en"):
        body = reminders.letter(org.staff, "Intro:", ["- one", "- two"], "Go here.")
    assert body == "Hello Lärare Söder,\n\nIntro:\n\n- one\n- two\n\nGo here."
