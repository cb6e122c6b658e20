"""The admin's page of failed mails: reason, and "send again"."""

from __future__ import annotations

from sqlalchemy import select

from learnapp.extensions import db
from learnapp.mail import send_mail
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import MailState, OutboxMail


def _failed_mail(org) -> OutboxMail:
    send_mail("bounce@example.org", "Studsar", "Text")
    db.session.commit()
    deliver()
    return db.session.scalars(select(OutboxMail)).one()


def test_admin_sees_a_failed_mail_with_its_reason(smtp, client, login, org):
    mail = _failed_mail(org)
    assert mail.state == MailState.FAILED
    login(org.admin)
    page = client.get("/notifications/failed").get_data(as_text=True)
    assert "bounce@example.org" in page
    assert "550 5.1.1 No such user" in page
    assert "Skicka igen" in page


def test_send_again_queues_the_mail_with_fresh_attempts(smtp, client, login, org):
    mail = _failed_mail(org)
    mail.to_address = "fixed@example.org"  # as if the admin corrected the address
    db.session.commit()
    login(org.admin)
    response = client.post(f"/notifications/failed/{mail.id}/again")
    assert response.status_code == 302
    response.close()  # the response is sent: the web process delivers
    db.session.refresh(mail)
    assert mail.state == MailState.SENT
    assert [m["To"] for m in smtp.messages] == ["fixed@example.org"]


def test_send_again_on_a_mail_that_is_not_failed_changes_nothing(client, login, org):
    send_mail(org.staff.email, "Hej", "Text")
    db.session.commit()
    mail = db.session.scalars(select(OutboxMail)).one()
    login(org.admin)
    client.post(f"/notifications/failed/{mail.id}/again", follow_redirects=True)
    db.session.refresh(mail)
    assert mail.attempts == 0


def test_only_admins_see_failed_mails(client, login, org):
    login(org.coordinator)
    assert client.get("/notifications/failed").status_code == 403
    assert client.post("/notifications/failed/1/again").status_code == 403


def test_an_unknown_mail_is_404(client, login, org):
    login(org.admin)
    assert client.post("/notifications/failed/999/again").status_code == 404


def test_the_page_is_in_english_for_an_english_admin(client, login, org):
    org.admin.language = "en"
    db.session.commit()
    login(org.admin)
    page = client.get("/notifications/failed").get_data(as_text=True)
    assert "Mail that could not be sent" in page
    assert "No mail has failed." in page
