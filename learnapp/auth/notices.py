"""Mail to the account holder when their password changes: when, from where, what to do."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from learnapp import formats
from learnapp.db import utcnow
from learnapp.links import external_url
from learnapp.mail import send_mail
from learnapp.org.models import Person


def password_changed(person: Person, *, client_address: str, user_agent: str, reset: bool) -> None:
    """Queue the notice in the person's language (delivered after the commit)."""
    with force_locale(person.language):
        how = (
            _("The password of your learnapp account was reset with a link sent by e-mail.")
            if reset
            else _("The password of your learnapp account was changed.")
        )
        body = _(
            "%(how)s\n\nWhen: %(when)s\nFrom: address %(address)s, browser %(browser)s\n\n"
            "If it was you, you need not do anything.\n\n"
            "If it was not you, someone else may know your password or read your e-mail. "
            "Choose a new password here at once: %(link)s\n"
            "and tell your IT support or the training's coordinator.",
            how=how,
            when=formats.day_time(utcnow()),
            address=client_address,
            browser=user_agent or _("unknown"),
            link=external_url("auth.reset_request"),
        )
        send_mail(
            person.email,
            _("Your learnapp password was changed"),
            body,
            kind="password_changed",
            person_id=person.id,
            why=_("You get this message because the password of your account was changed."),
        )
