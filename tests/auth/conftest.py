"""The auth tests' fixtures: the real SMTP server (aiosmtpd) of the notification tests, and the
real OpenID Provider (tests/oidc) with the app configured for it."""

import pytest
from flask import Flask

from tests.notifications.conftest import smtp  # noqa: F401 (a fixture)
from tests.oidc.server import OpenIdProvider, required, unavailable

CLIENT_ID = "learnapp-test"
CLIENT_SECRET = "a-client-secret-only-the-tests-know"
REDIRECT_URI = "http://learnapp.test/auth/oidc/callback"
# The provider's accounts: the login typed in its form is the subject (`sub`).
ACCOUNTS = {
    "staff-subject": {"email": "staff@example.org", "name": "Lärare Söder"},
    "social-subject": {"email": "social@example.org", "name": "Åsa Öberg"},
    "admin-subject": {"email": "admin@example.org", "name": "Admin"},
    # As Entra ID sends it: no `email`, the address in `preferred_username` (any case), the
    # object id in `oid`.
    "entra-subject": {
        "preferred_username": "Norr@Example.org",
        "upn": "norr@example.org",
        "oid": "6f1c1b7e-0c8a-4c57-9a55-2f0d1c1e9a01",
        "name": "Lärare Norr",
    },
    "stranger-subject": {"email": "stranger@example.org", "name": "Okänd Person"},
    "newcomer-subject": {"email": "nykomling@example.org", "name": "Nykomling Nilsson"},
    # The person Entra ID's provisioning creates through SCIM (tests/scim/conftest.entra_user),
    # signing in with the same directory account.
    "provisioned-subject": {
        "preferred_username": "Anna.1@Kommun.se",
        "oid": "0b5e2a3c-6d1f-4e8a-9c47-3f2a1b0c9d02",
        "name": "Anna Åkesson 1",
    },
}


@pytest.fixture(scope="session")
def _provider_process():
    reason = unavailable()
    if reason is not None:
        if required():
            pytest.fail(reason)
        pytest.skip(reason)
    provider = OpenIdProvider(
        clients=[
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [REDIRECT_URI],
                "post_logout_redirect_uris": ["http://learnapp.test/login"],
            }
        ],
        accounts=ACCOUNTS,
    )
    yield provider
    provider.stop()


@pytest.fixture
def provider(app: Flask, _provider_process: OpenIdProvider):
    """The real OpenID Provider, with the app configured to use it (and nothing cached)."""
    _provider_process.set_mode(None)
    app.config.update(
        OIDC_ISSUER=_provider_process.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
    )
    app.extensions.pop("learnapp.oidc", None)
    yield _provider_process
    _provider_process.set_mode(None)
    app.extensions.pop("learnapp.oidc", None)
