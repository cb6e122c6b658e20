"""A receipt with the certificate's link on completion; a notice 30 days before a completion
expires, once."""

from __future__ import annotations

from datetime import timedelta

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.notifications.receipts import queue_recertification
from tests.notifications.conftest import text
from tests.training.conftest import complete, course  # noqa: F401 (fixture)


def test_completing_a_course_mails_a_receipt_with_the_certificate(smtp, app, org, course):  # noqa: F811
    app.config["BASE_URL"] = "https://utbildning.example.org"
    completion = complete(org.staff, course, expires=utcnow() + timedelta(days=365))
    deliver()
    [message] = smtp.to(org.staff.email)
    assert message["Subject"] == "Kurs genomförd: Grunder om extremism"
    assert f"https://utbildning.example.org/quiz/certificates/{completion.id}" in text(message)


def test_a_completion_expiring_within_30_days_is_noticed_once(smtp, org, course):  # noqa: F811
    now = utcnow()
    complete(org.staff, course, at=now - timedelta(days=340), expires=now + timedelta(days=25))
    complete(org.other_staff, course, at=now, expires=now + timedelta(days=365))
    deliver()
    smtp.messages.clear()
    assert queue_recertification(now) == 1
    db.session.commit()
    assert queue_recertification(now + timedelta(days=7)) == 0
    db.session.commit()
    deliver()
    [message] = smtp.messages
    assert message["To"] == org.staff.email
    assert message["Subject"] == "Dags att förnya: Grunder om extremism"
