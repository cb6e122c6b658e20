"""What the sign-in feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from sqlalchemy import delete

from learnapp.auth.models import (
    AuthSession,
    LoginFailure,
    MfaCredential,
    PasswordResetToken,
    RecoveryCode,
)
from learnapp.extensions import db
from learnapp.personal_data import EXPORTED, Section, rows


def _export(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "signed_in_at": AuthSession.created_at,
            "last_seen_at": AuthSession.last_seen_at,
            "user_agent": AuthSession.user_agent,
            "client_address": AuthSession.client_address,
            "ended_at": AuthSession.revoked_at,
        },
        [],
        AuthSession.person_id == person_id,
        AuthSession.created_at,
    )


def _anonymise(person_id: int, old_email: str) -> None:
    """Secrets and sign-in traces go; the sessions were ended by the caller."""
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.person_id == person_id))
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == old_email))
    db.session.execute(delete(MfaCredential).where(MfaCredential.person_id == person_id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person_id))


SECTIONS = (
    Section(
        "sessions",
        order=90,
        claims={
            "auth_session.person_id": EXPORTED,
            "password_reset_token.person_id": "a secret (hashed); deleted on anonymisation",
            "mfa_credential.person_id": "a secret; deleted on anonymisation",
            "mfa_recovery_code.person_id": "secrets (hashed); deleted on anonymisation",
        },
        export=_export,
        anonymise=_anonymise,
    ),
)
