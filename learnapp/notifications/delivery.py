"""Delivering the outbox: claim a batch, write what is unwritten, send, record the outcome.

Deliverers may run side by side (web workers after their responses, `flask mail deliver`): a
batch is claimed with one UPDATE that only takes pending rows, so no mail goes out twice from two
deliverers. A claim older than `STALE_CLAIM` (a deliverer that died) is taken again: delivery is
at least once, never lost.
"""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import ColumnElement, and_, func, or_, select, update

from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications import render
from learnapp.notifications.compose import build_message
from learnapp.notifications.models import MailState, OutboxMail
from learnapp.notifications.transport import (
    PermanentError,
    TemporaryError,
    Transport,
    transport_for,
)
from learnapp.org.models import Person

STALE_CLAIM = timedelta(minutes=15)
COMMIT_EVERY = 25  # a crash re-sends at most this many mails (after STALE_CLAIM)


@dataclass
class DeliveryResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.cancelled


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: 1, 5, 25 minutes, … at most six hours."""
    minutes = current_app.config["MAIL_RETRY_MINUTES"] * 5 ** max(attempts - 1, 0)
    return timedelta(minutes=min(minutes, 360))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMail.state == MailState.PENDING, OutboxMail.next_attempt_at <= now),
        and_(OutboxMail.state == MailState.SENDING, OutboxMail.claimed_at < now - STALE_CLAIM),
    )


def pending_count(now: datetime | None = None) -> int:
    now = now or utcnow()
    return db.session.scalar(select(func.count()).where(_due(now))) or 0


def claim(size: int, now: datetime) -> list[OutboxMail]:
    """Take up to `size` due mails for this deliverer, oldest first; commits the claim."""
    token = secrets.token_hex(16)
    ids = select(OutboxMail.id).where(_due(now)).order_by(OutboxMail.id).limit(size)
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id.in_(ids.scalar_subquery()), _due(now))
        .values(state=MailState.SENDING, claim=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMail).where(OutboxMail.claim == token).order_by(OutboxMail.id)
        )
    )


def deliver(
    limit: int | None = None, now: datetime | None = None, batch_size: int = 200
) -> DeliveryResult:
    """Send due mails until none is left (or `limit` were handled); commits as it goes."""
    result = DeliveryResult()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with transport_for(app) as transport:
        while limit is None or result.handled < limit:
            moment = now or utcnow()
            size = batch_size if limit is None else min(batch_size, limit - result.handled)
            batch = claim(size, moment)
            if not batch:
                break
            if not _deliver_batch(batch, transport, moment, result):
                break  # the server is unreachable: the rest waits for its next attempt
    return result


def _languages(mails: list[OutboxMail]) -> dict[int, str]:
    ids = {m.person_id for m in mails if m.person_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(Person.id, Person.language).where(Person.id.in_(ids)))
    return {pid: lang for pid, lang in rows}


def _deliver_batch(
    batch: list[OutboxMail], transport: Transport, now: datetime, result: DeliveryResult
) -> bool:
    """Send one claimed batch; False when the connection failed (the rest is put back)."""
    config = current_app.config
    try:
        cancelled = render.render(batch)
    except Exception as error:  # a renderer's bug must not block the queue: fail the batch
        db.session.rollback()
        current_app.logger.exception("Could not write mails")
        for mail in batch:
            _retry_or_fail(mail, f"could not be written: {error}", now, result)
        db.session.commit()
        return True
    languages = _languages(batch)
    for position, mail in enumerate(batch):
        if mail.id in cancelled:
            mail.state = MailState.CANCELLED
            mail.claim = None
            result.cancelled += 1
            continue
        try:
            address = validate_email(mail.to_address or "", check_deliverability=False)
            mail.to_address = address.normalized
            lang = languages.get(mail.person_id or 0, config["BABEL_DEFAULT_LOCALE"])
            with force_locale(lang):
                message = build_message(mail, config["MAIL_SENDER"], lang)
            transport.send(message)
        except (EmailNotValidError, ValueError) as error:
            _fail(mail, f"address: {error}", result)
        except PermanentError as error:
            _fail(mail, str(error), result)
        except TemporaryError as error:
            _retry_or_fail(mail, str(error), now, result)
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("Mail server unreachable: %s", error)
            for waiting in batch[position:]:
                if waiting.id not in cancelled:
                    _retry_or_fail(waiting, f"mail server: {error}", now, result)
            db.session.commit()
            return False
        else:
            mail.state = MailState.SENT
            mail.sent_at = utcnow()
            mail.claim = None
            mail.last_error = None
            result.sent += 1
        if position % COMMIT_EVERY == COMMIT_EVERY - 1:
            db.session.commit()
    db.session.commit()
    return True


def _fail(mail: OutboxMail, reason: str, result: DeliveryResult) -> None:
    mail.attempts += 1
    mail.state = MailState.FAILED
    mail.last_error = reason[:2000]
    mail.claim = None
    result.failed += 1


def _retry_or_fail(mail: OutboxMail, reason: str, now: datetime, result: DeliveryResult) -> None:
    if mail.attempts + 1 >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _fail(mail, reason, result)
        return
    mail.attempts += 1
    mail.state = MailState.PENDING
    mail.last_error = reason[:2000]
    mail.next_attempt_at = now + retry_delay(mail.attempts)
    mail.claim = None
    result.retried += 1


def send_again(
    mail: OutboxMail,
    now: datetime | None = None,
    *,
    actor: Person | None = None,
    client_address: str | None = None,
) -> bool:
    """An admin's "send again" on a failed mail: a fresh set of attempts. Flushes; audit-logged."""
    if mail.state != MailState.FAILED:
        return False
    mail.state = MailState.PENDING
    mail.attempts = 0
    mail.next_attempt_at = now or utcnow()
    db.session.flush()
    record("mail.send_again", actor=actor, target=mail, client_address=client_address)
    from learnapp.notifications.outbox import mark_queued

    mark_queued()
    return True
