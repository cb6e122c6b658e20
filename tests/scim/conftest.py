"""SCIM fixtures: `scim`, a client that sends the bearer token and SCIM JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnapp.extensions import db
from learnapp.scim import tokens

BASE = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
UNIT = "urn:ietf:params:scim:schemas:extension:learnapp:2.0:User"


@dataclass
class Scim:
    client: FlaskClient
    token: str

    def open(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        return self.client.open(
            BASE + path,
            method=method,
            data=data,
            headers=headers,
            content_type="application/scim+json",
            **kw,
        )

    def get(self, path: str, **kw: Any) -> Any:
        return self.open("GET", path, **kw)

    def post(self, path: str, body: Any) -> Any:
        return self.open("POST", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.open("PUT", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Any:
        return self.open("PATCH", path, {"schemas": [PATCH], "Operations": list(operations)})

    def delete(self, path: str) -> Any:
        return self.open("DELETE", path)


@pytest.fixture
def scim(app: Flask, client: FlaskClient, org: Any) -> Scim:
    """Signed with a live token; queued people are applied after every request."""
    app.config["SCIM_APPLY_SECONDS"] = 0
    _token, secret = tokens.create("Entra ID", None)
    db.session.commit()
    return Scim(client, secret)


def entra_user(n: int = 1, **changes: Any) -> dict[str, Any]:
    """A user as Microsoft Entra ID's provisioning service creates it."""
    body: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE, UNIT],
        "externalId": f"entra-{n}",
        "userName": f"anna.{n}@kommun.se",
        "active": True,
        "displayName": f"Anna Åkesson {n}",
        "emails": [{"primary": True, "type": "work", "value": f"anna.{n}@kommun.se"}],
        "meta": {"resourceType": "User"},
        "name": {"familyName": f"Åkesson {n}", "givenName": "Anna"},
        "title": "Kurator",
        "phoneNumbers": [{"type": "work", "value": "010-123 45 67"}],
        ENTERPRISE: {"employeeNumber": f"E{n}", "department": "Utbildningsförvaltningen"},
        UNIT: {"unit": "Grundskolor > Söderskolan"},
    }
    body.update(changes)
    return body
