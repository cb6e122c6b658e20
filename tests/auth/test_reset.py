from __future__ import annotations

import re
from datetime import timedelta

from learnapp.auth.models import PasswordResetToken
from learnapp.extensions import db
from tests import factories


def _request_reset(client, outbox, email):
    client.post("/password/reset", data={"email": email})
    body = outbox[-1].get_body(("plain",)).get_content()
    return re.search(r"https?://\S+/password/reset/(\S+)", body).group(1)


def test_reset_mails_a_link_that_sets_a_new_password_once(client, login, outbox, org):
    token = _request_reset(client, outbox, org.staff.email)
    assert outbox[-1]["To"] == org.staff.email
    assert "Återställ" in outbox[-1]["Subject"]
    response = client.post(
        f"/password/reset/{token}", data={"new": "brand-new-secret", "confirm": "brand-new-secret"}
    )
    assert response.status_code == 302
    assert login(org.staff, "brand-new-secret").status_code == 302
    login.logout()
    # The same link again: refused, and the password stays.
    again = client.post(
        f"/password/reset/{token}", data={"new": "third-password-x", "confirm": "third-password-x"}
    )
    assert again.status_code == 404
    assert "Länken fungerar inte längre" in again.get_data(as_text=True)
    assert login(org.staff, "brand-new-secret").status_code == 302


def test_only_a_hash_of_the_token_is_stored(client, outbox, org):
    token = _request_reset(client, outbox, org.staff.email)
    row = db.session.scalars(db.select(PasswordResetToken)).one()
    assert token not in row.token_hash


def test_an_expired_link_is_refused(client, login, outbox, org):
    token = _request_reset(client, outbox, org.staff.email)
    row = db.session.scalars(db.select(PasswordResetToken)).one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    response = client.post(
        f"/password/reset/{token}", data={"new": "brand-new-secret", "confirm": "brand-new-secret"}
    )
    assert response.status_code == 404
    assert login(org.staff).status_code == 302  # old password unchanged


def test_unknown_address_gets_the_same_answer_and_no_mail(client, outbox, org):
    known = client.post("/password/reset", data={"email": org.staff.email}, follow_redirects=True)
    unknown = client.post(
        "/password/reset", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    message = "Om adressen hör till ett konto är en länk för att byta lösenord på väg."
    assert message in known.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert len(outbox) == 1


def test_reset_mail_is_in_the_persons_language(client, outbox, org):
    org.staff.language = "en"
    db.session.commit()
    _request_reset(client, outbox, org.staff.email)
    assert outbox[-1]["Subject"] == "Reset your password for learnapp"


def test_a_garbage_token_is_refused(client, org):
    assert client.get("/password/reset/not-a-token").status_code == 404


def test_reset_ends_existing_sessions(app, client, outbox, org):
    other = app.test_client()
    other.post("/login", data={"email": org.staff.email, "password": factories.PASSWORD})
    token = _request_reset(client, outbox, org.staff.email)
    client.post(
        f"/password/reset/{token}", data={"new": "brand-new-secret", "confirm": "brand-new-secret"}
    )
    assert other.get("/").status_code == 302
