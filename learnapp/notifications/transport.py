"""Where a message goes: an SMTP server ("smtp"), the log ("log", development) or a list in
memory ("memory", tests)."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy
from email.message import Message
from email.utils import parseaddr
from typing import Any

from flask import Flask

# CRLF line ends; no folding, as build_message writes every header short and ASCII already.
SMTP_LINES = policy.compat32.clone(linesep="\r\n", max_line_length=0)


class PermanentError(Exception):
    """The server refused this message for good (5xx, a bad address): do not try it again."""


class TemporaryError(Exception):
    """This message could not go now (4xx): try it again later."""


class Transport:
    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def send(self, message: Message) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class MemoryTransport(Transport):
    def __init__(self, app: Flask) -> None:
        self.box: list[Message] = app.extensions.setdefault("learnapp.outbox", [])

    def send(self, message: Message) -> None:
        # As a mail client would read it: parsed back from the bytes that would be sent.
        parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
        self.box.append(parsed)


class LogTransport(Transport):
    def __init__(self, app: Flask) -> None:
        self.logger = app.logger

    def send(self, message: Message) -> None:
        parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
        body = parsed.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        self.logger.info("E-mail to %s: %s\n%s", parsed["To"], parsed["Subject"], text)


class SmtpTransport(Transport):
    """One connection for a run of messages, opened on the first message.

    A connection error (server down, connection dropped) is raised as OSError/SMTPException for
    the deliverer to retry the whole rest later; a refusal of one message is Permanent- or
    TemporaryError, and the connection stays usable for the next.
    """

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        smtp = smtp_class(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        )
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: Message) -> None:
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            sender = parseaddr(self.config["MAIL_SENDER"])[1]
            data = message.as_bytes(
                policy=SMTP_LINES
            )  # smtplib leaves bytes' line ends as they are
            refused = self.smtp.sendmail(sender, [message["To"]], data)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise _refusal(code, reply) from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise _refusal(error.smtp_code, error.smtp_error) from error
        except smtplib.SMTPServerDisconnected:
            self.smtp = None
            raise
        if refused:  # some recipients refused (we send to one, so this is rare)
            code, reply = next(iter(refused.values()))
            raise _refusal(code, reply)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


def _refusal(code: int, reply: bytes | str) -> Exception:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    reason = f"{code} {text}".strip()
    return PermanentError(reason) if 500 <= code < 600 else TemporaryError(reason)


def transport_for(app: Flask) -> Transport:
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        return MemoryTransport(app)
    if backend == "log":
        return LogTransport(app)
    return SmtpTransport(app)
