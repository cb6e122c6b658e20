"""Password strength: zxcvbn (its dictionaries ship with the package, nothing is fetched) refuses
common and guessable passwords, also those built from the person's name, e-mail address or the
organisation's name."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

from learnapp.org.models import Person

# zxcvbn's work grows with the length, and zxcvbn 4.5 refuses a password longer than 72
# characters (ValueError): the first 72 are analysed; the rest cannot make a password weaker.
ANALYSED_LENGTH = 72
# Letters a password must have besides the person's and the organisation's names.
MIN_OWN_LETTERS = 6


def personal_words(person: Person | None) -> list[str]:
    """The words an attacker would try first for this person and organisation."""
    texts = [person.name, person.email] if person is not None else []
    texts += [str(current_app.config.get("ORGANISATION_NAME") or ""), "learnapp"]
    words: list[str] = []
    for text in texts:  # the most likely first: zxcvbn ranks user inputs by their order
        words += [w for w in re.split(r"[\s@.\-_+]+", text.lower()) if len(w) >= 3]
        words.append(text.lower())
    return words


def _little_besides(password: str, words: list[str]) -> bool:
    """Whether the password is hardly more than these words with digits and punctuation, which
    zxcvbn may still score well when several of them are strung together."""
    rest = password.lower()
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return sum(ch.isalpha() for ch in rest) < MIN_OWN_LETTERS


def weakness(password: str, person: Person | None) -> str | None:
    """Why the password may not be used, in the user's language; None if it may."""
    words = personal_words(person)
    result = zxcvbn(password[:ANALYSED_LENGTH], user_inputs=words)
    if result["score"] < current_app.config["PASSWORD_MIN_SCORE"] or _little_besides(
        password, words
    ):
        return _(
            "This password is too easy to guess: it is common, or built from your name, your "
            "e-mail address or the organisation's name. Choose a few words that do not belong "
            "together."
        )
    return None
