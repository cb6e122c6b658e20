"""Sending e-mail. MAIL_BACKEND: "smtp" sends, "log" writes to the log (development),
"memory" keeps messages in `app.extensions["learnapp.outbox"]` (tests)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    backend = config["MAIL_BACKEND"]
    if backend == "log":
        current_app.logger.info("E-mail to %s: %s\n%s", to, subject, body)
    elif backend == "memory":
        current_app.extensions.setdefault("learnapp.outbox", []).append(message)
    else:
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_class(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
