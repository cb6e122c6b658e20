"""An outbox row as an e-mail: plain text, a simple HTML part made from it, an attachment."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from markupsafe import Markup, escape

from learnapp.notifications.models import OutboxMail

_LINK = re.compile(r"https?://[^\s<>\"]+")


def html_part(text: str, lang: str = "sv") -> str:
    """The plain text as HTML: paragraphs, line breaks, links made clickable, nothing else."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_linkify(line) for line in block.split("\n")]
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8"></head>'
        '<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a">\n'
        + "\n".join(paragraphs)
        + "\n</body></html>\n"
    )


def _linkify(line: str) -> str:
    out = []
    last = 0
    for match in _LINK.finditer(line):
        out.append(str(escape(line[last : match.start()])))
        url = match.group(0).rstrip(".,)")
        out.append(str(Markup('<a href="{0}">{0}</a>').format(url)))
        last = match.start() + len(url)
    out.append(str(escape(line[last:])))
    return "".join(out)


def build_message(mail: OutboxMail, sender: str, lang: str = "sv") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address or ""
    message["Subject"] = mail.subject or ""
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message["Auto-Submitted"] = "auto-generated"
    body = mail.body or ""
    message.set_content(body)
    message.add_alternative(html_part(body, lang), subtype="html")
    if mail.attachment and mail.attachment_name:
        message.add_attachment(
            mail.attachment.encode(),
            maintype="text",
            subtype="calendar",
            filename=mail.attachment_name,
        )
    return message
