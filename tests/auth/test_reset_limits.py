"""Finding 6: the reset form answers the same whatever the address, queues its mail, sends at
most one mail per account per 10 minutes and limits requests per client address."""

from __future__ import annotations

from datetime import timedelta

from learnapp.auth.models import PasswordResetToken
from learnapp.db import utcnow
from learnapp.extensions import db

ANSWER = "Om adressen hör till ett konto är en länk för att byta lösenord på väg."


def _ask(client, email):
    return client.post("/password/reset", data={"email": email})


def test_ten_requests_send_one_mail(client, outbox, org):
    for _ in range(10):
        assert _ask(client, org.staff.email).status_code == 302
    assert [m["To"] for m in outbox] == [org.staff.email]


def test_another_mail_after_ten_minutes(client, outbox, org):
    _ask(client, org.staff.email)
    db.session.execute(
        db.update(PasswordResetToken).values(created_at=utcnow() - timedelta(minutes=11))
    )
    db.session.commit()
    _ask(client, org.staff.email)
    assert len(outbox) == 2


def test_known_and_unknown_addresses_get_the_same_answer(client, outbox, org):
    answers = []
    for email in (org.staff.email, "nobody@example.org"):
        response = _ask(client, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], ANSWER in page))
    assert answers[0] == answers[1] == (302, "/login", True)


def test_a_mail_server_that_is_down_does_not_change_the_answer(app, client, org):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=1)
    known = _ask(client, org.staff.email)
    unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302


def test_requests_from_one_address_are_limited(app, client, outbox, org):
    limit = app.config["RESET_MAX_PER_ADDRESS"]
    statuses = [_ask(client, f"someone{i}@example.org").status_code for i in range(limit)]
    assert statuses == [302] * limit
    response = _ask(client, org.staff.email)
    assert response.status_code == 429
    assert "Försök igen om en timme" in response.get_data(as_text=True)
    assert outbox == []
