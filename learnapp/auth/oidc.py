"""The OpenID Connect protocol, as a relying party (Authlib and joserfc do the cryptography).

Authorization code flow with PKCE (S256), `state` and `nonce`; the ID token's signature is
checked against the provider's JWKS, then its issuer, audience, expiry and nonce. The provider's
metadata comes from discovery (`<issuer>/.well-known/openid-configuration`) and is kept for an
hour, with its keys; an unknown key id fetches the keys again (the provider rotated them).

Nothing here touches the database or the request: `begin` returns the address to send the browser
to and what to keep in its session; `finish` checks what came back and returns the ID token's
claims, or raises `OidcError` with a reason the view turns into a message.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from flask import current_app
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from learnapp.auth.oidc_config import names

METADATA_SECONDS = 3600
# Signature algorithms an ID token may use: asymmetric only ("none" and HMAC never).
SAFE_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
EXTENSION = "learnapp.oidc"


class Failure(Enum):
    PROVIDER_DOWN = "provider_down"  # no answer, an error page, or metadata that does not fit
    STATE = "state"  # no sign-in under way in this browser with that state: forged or replayed
    DENIED = "denied"  # the person cancelled, or the provider refused
    TOKEN = "token"  # noqa: S105 - the code was refused, or the ID token failed a check


class OidcError(Exception):
    def __init__(self, failure: Failure, detail: str = "") -> None:
        super().__init__(f"{failure.value}: {detail}")
        self.failure = failure
        self.detail = detail


@dataclass(frozen=True)
class Pending:
    """What the browser's session keeps between the redirect and the callback."""

    state: str
    nonce: str
    verifier: str
    next_url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "nonce": self.nonce, "verifier": self.verifier,
                "next": self.next_url}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Any) -> Pending | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(str(data["state"]), str(data["nonce"]), str(data["verifier"]), data["next"])
        except KeyError:
            return None


@dataclass(frozen=True)
class SignedIn:
    claims: dict[str, Any]
    id_token: str


def _config(name: str) -> Any:
    return current_app.config.get(name)


def issuer() -> str:
    return str(_config("OIDC_ISSUER") or "").rstrip("/")


def _timeout() -> float:
    return float(_config("OIDC_TIMEOUT_SECONDS") or 10)


def _cache() -> dict[str, Any]:
    cache: dict[str, Any] = current_app.extensions.setdefault(EXTENSION, {})
    return cache


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=_timeout())
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OidcError(Failure.PROVIDER_DOWN, f"{url}: {error}") from error
    if not isinstance(data, dict):
        raise OidcError(Failure.PROVIDER_DOWN, f"{url}: not a JSON object")
    return data


def metadata(*, force: bool = False) -> dict[str, Any]:
    """The provider's discovery document (kept for an hour)."""
    cache = _cache()
    expected = issuer()
    entry = cache.get("metadata")
    if (
        not force
        and entry is not None
        and entry["issuer"] == expected
        and entry["at"] > time.monotonic() - METADATA_SECONDS
    ):
        return dict(entry["data"])
    data = _get_json(expected + "/.well-known/openid-configuration")
    # OpenID Connect Discovery 1.0, 4.3: the issuer in the document must be the one configured.
    if str(data.get("issuer", "")).rstrip("/") != expected:
        raise OidcError(Failure.PROVIDER_DOWN, f"discovery names issuer {data.get('issuer')!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(data.get(key), str):
            raise OidcError(Failure.PROVIDER_DOWN, f"discovery has no {key}")
    cache["metadata"] = {"issuer": expected, "at": time.monotonic(), "data": data}
    cache.pop("jwks", None)
    return dict(data)


def _keys(meta: dict[str, Any], *, force: bool = False) -> KeySet:
    cache = _cache()
    if force or "jwks" not in cache:
        cache["jwks"] = _get_json(meta["jwks_uri"])
    try:
        return KeySet.import_key_set(cache["jwks"])
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise OidcError(Failure.PROVIDER_DOWN, f"JWKS: {error}") from error


def _client(redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=_config("OIDC_CLIENT_ID"),
        client_secret=_config("OIDC_CLIENT_SECRET"),
        scope=" ".join(names(_config("OIDC_SCOPES") or "openid")),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def begin(
    redirect_uri: str, next_url: str | None, *, force_login: bool = False
) -> tuple[str, Pending]:
    """The provider's address to send the browser to, and what to keep until the callback."""
    meta = metadata()
    pending = Pending(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=generate_token(64),
        next_url=next_url,
    )
    extra: dict[str, Any] = {"nonce": pending.nonce}
    if force_login:
        extra["prompt"] = "login"  # the provider asks for the credentials again
    with _client(redirect_uri) as client:
        url, _state = client.create_authorization_url(
            meta["authorization_endpoint"],
            state=pending.state,
            code_verifier=pending.verifier,
            **extra,
        )
    return url, pending


def finish(pending: Pending, args: dict[str, str], redirect_uri: str) -> SignedIn:
    """Check the callback's answer against what was sent; exchange the code; validate the ID
    token. Raises OidcError."""
    if not secrets.compare_digest(args.get("state", ""), pending.state):
        raise OidcError(Failure.STATE, "the state does not match")
    if args.get("error"):
        raise OidcError(Failure.DENIED, f"{args.get('error')}: {args.get('error_description', '')}")
    code = args.get("code")
    if not code:
        raise OidcError(Failure.DENIED, "no code")
    meta = metadata()
    with _client(redirect_uri) as client:
        try:
            token = client.fetch_token(
                meta["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=pending.verifier,
                timeout=_timeout(),
            )
        except requests.RequestException as error:
            raise OidcError(Failure.PROVIDER_DOWN, f"token endpoint: {error}") from error
        except Exception as error:  # Authlib's OAuthError and kin: the code was refused
            raise OidcError(Failure.TOKEN, f"token endpoint: {error}") from error
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise OidcError(Failure.TOKEN, "no ID token")
    claims = validate_id_token(
        id_token, meta, nonce=pending.nonce, access_token=token.get("access_token")
    )
    return SignedIn(claims=claims, id_token=id_token)


def validate_id_token(
    id_token: str, meta: dict[str, Any], *, nonce: str, access_token: str | None
) -> dict[str, Any]:
    """The ID token's claims once its signature (JWKS), issuer, audience, expiry and nonce are
    right (OpenID Connect Core 1.0, 3.1.3.7). Raises OidcError(TOKEN)."""
    offered = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [a for a in offered if a in SAFE_ALGORITHMS] or ["RS256"]
    registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
    try:
        try:
            decoded = jwt.decode(id_token, _keys(meta), registry=registry)
        except InvalidKeyIdError:
            decoded = jwt.decode(id_token, _keys(meta, force=True), registry=registry)
        client_id = str(_config("OIDC_CLIENT_ID"))
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": str(meta["issuer"])},
                "aud": {"essential": True, "value": client_id},
                "exp": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        claims.validate(leeway=int(_config("OIDC_LEEWAY_SECONDS") or 0))
    except OidcError:
        raise
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise OidcError(Failure.TOKEN, f"ID token: {error}") from error
    return dict(claims)


def logout_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the session at the provider too (RP-Initiated Logout),
    when it publishes `end_session_endpoint`; None otherwise or when it cannot be reached."""
    try:
        meta = metadata()
    except OidcError:
        return None
    endpoint = meta.get("end_session_endpoint")
    if not isinstance(endpoint, str):
        return None
    params = {"client_id": str(_config("OIDC_CLIENT_ID")),
              "post_logout_redirect_uri": post_logout_redirect_uri}  # fmt: skip
    if id_token:
        params["id_token_hint"] = id_token
    request = requests.Request("GET", endpoint, params=params).prepare()
    return str(request.url)
