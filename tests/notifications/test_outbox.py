"""The outbox against a real SMTP server: written in the caller's transaction, delivered after
the commit, retried while the server is away, failed per mail for a bad address."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import func, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.mail import send_mail
from learnapp.notifications.delivery import claim, deliver
from learnapp.notifications.models import MailState, OutboxMail
from tests.notifications.conftest import html, text


def _states() -> dict[str, int]:
    rows = db.session.execute(select(OutboxMail.state, func.count()).group_by(OutboxMail.state))
    return {state: n for state, n in rows}


def test_a_rolled_back_change_sends_nothing(smtp, org):
    send_mail(org.staff.email, "Hej", "Text")
    db.session.rollback()
    assert deliver().sent == 0
    assert smtp.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_a_committed_mail_is_delivered_once(smtp, org):
    send_mail(org.staff.email, "Hej", "Text", person_id=org.staff.id)
    db.session.commit()
    assert deliver().sent == 1
    assert deliver().sent == 0
    [message] = smtp.to(org.staff.email)
    assert message["Subject"] == "Hej"
    assert _states() == {"sent": 1}


def test_a_mail_has_text_and_html_with_the_organisation_and_why(smtp, app, org):
    app.config["ORGANISATION_NAME"] = "Exempelby kommun"
    app.config["BASE_URL"] = "https://utbildning.example.org"
    with force_locale("sv"):
        send_mail(org.staff.email, "Ämne", "Gå hit: https://utbildning.example.org/x?a=1&b=2")
    db.session.commit()
    deliver()
    [message] = smtp.to(org.staff.email)
    plain = text(message)
    assert "Exempelby kommun" in plain
    assert "Du får det här meddelandet eftersom" in plain
    assert (
        '<a href="https://utbildning.example.org/x?a=1&amp;b=2">'
        "https://utbildning.example.org/x?a=1&amp;b=2</a>" in html(message)
    )
    assert "Exempelby kommun" in html(message)


def test_the_footer_is_in_the_callers_locale(smtp, org):
    with force_locale("en"):
        send_mail(org.staff.email, "Subject", "Body")
    db.session.commit()
    deliver()
    assert "You get this message because" in text(smtp.to(org.staff.email)[0])


def test_a_stopped_server_loses_nothing(smtp, org):
    for person in (org.staff, org.other_staff, org.manager):
        send_mail(person.email, "Hej", "Text", person_id=person.id)
    db.session.commit()
    smtp.stop()
    result = deliver()
    assert (result.sent, result.retried) == (0, 3)
    assert _states() == {"pending": 3}
    assert deliver().handled == 0  # each waits for its next attempt
    smtp.start()
    later = utcnow() + timedelta(minutes=2)
    assert deliver(now=later).sent == 3
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [org.staff.email, org.other_staff.email, org.manager.email]
    )
    assert _states() == {"sent": 3}


def test_a_server_that_stops_between_runs_gets_the_rest_later(smtp, org):
    send_mail(org.staff.email, "Första", "Text")
    db.session.commit()
    deliver()
    smtp.stop()
    send_mail(org.other_staff.email, "Andra", "Text")
    db.session.commit()
    deliver()
    smtp.start()
    deliver(now=utcnow() + timedelta(minutes=2))
    assert [m["Subject"] for m in smtp.messages] == ["Första", "Andra"]


def test_a_malformed_address_fails_only_that_mail(smtp, org):
    send_mail(org.staff.email, "Ett", "Text")
    send_mail("inte en adress", "Två", "Text")
    send_mail(org.other_staff.email, "Tre", "Text")
    db.session.commit()
    result = deliver()
    assert (result.sent, result.failed) == (2, 1)
    failed = db.session.scalars(select(OutboxMail).where(OutboxMail.state == "failed")).one()
    assert failed.subject == "Två"
    assert failed.last_error.startswith("address:")
    assert sorted(m["Subject"] for m in smtp.messages) == ["Ett", "Tre"]


def test_a_refused_recipient_fails_only_that_mail(smtp, org):
    send_mail("bounce@example.org", "Studsar", "Text")
    send_mail(org.staff.email, "Kommer fram", "Text")
    db.session.commit()
    result = deliver()
    assert (result.sent, result.failed) == (1, 1)
    failed = db.session.scalars(select(OutboxMail).where(OutboxMail.state == "failed")).one()
    assert failed.last_error.startswith("550")
    assert [m["Subject"] for m in smtp.messages] == ["Kommer fram"]


def test_a_temporary_refusal_is_tried_again_then_failed(smtp, app, org):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    send_mail("busy@example.org", "Upptagen", "Text")
    db.session.commit()
    now = utcnow()
    assert deliver(now=now).retried == 1
    mail = db.session.scalars(select(OutboxMail)).one()
    assert mail.next_attempt_at >= now + timedelta(minutes=1)
    assert deliver(now=now + timedelta(minutes=2)).retried == 1
    assert deliver(now=now + timedelta(minutes=3)).handled == 0  # second wait is 5 minutes
    assert deliver(now=now + timedelta(minutes=8)).failed == 1
    db.session.refresh(mail)
    assert (mail.state, mail.attempts) == (MailState.FAILED, 3)
    assert mail.last_error.startswith("451")


def test_two_deliverers_never_take_the_same_mail(app, org):
    for n in range(5):
        send_mail(f"p{n}@example.org", "Hej", "Text")
    db.session.commit()
    now = utcnow()
    first = claim(3, now)
    second = claim(10, now)
    assert len(first) == 3
    assert len(second) == 2
    assert not {m.id for m in first} & {m.id for m in second}


def test_a_claim_left_by_a_deliverer_that_died_is_taken_again(app, org, outbox):
    send_mail(org.staff.email, "Hej", "Text")
    db.session.commit()
    now = utcnow()
    assert len(claim(10, now)) == 1
    assert deliver(now=now + timedelta(minutes=1)).sent == 0
    assert deliver(now=now + timedelta(minutes=20)).sent == 1
    assert [m["To"] for m in outbox] == [org.staff.email]


def test_flask_mail_deliver_sends_what_waits(smtp, runner, org):
    send_mail(org.staff.email, "Hej", "Text")
    db.session.commit()
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Sent 1," in result.output
    assert len(smtp.to(org.staff.email)) == 1


def test_the_web_process_delivers_after_the_response(smtp, client, org):
    response = client.post("/password/reset", data={"email": org.staff.email})
    assert response.status_code == 302
    assert smtp.messages == []  # not before the response is done
    response.close()  # what the WSGI server does once the response is sent
    [message] = smtp.to(org.staff.email)
    assert "/password/reset/" in text(message)


def test_a_long_swedish_subject_arrives_whole(smtp, org):
    subject = "Påminnelse: svara på inventeringen " + "Åäö utbildningsbehov " * 6
    send_mail(org.staff.email, subject.strip(), "Text")
    db.session.commit()
    deliver()
    [message] = smtp.to(org.staff.email)
    assert message["Subject"] == subject.strip()
