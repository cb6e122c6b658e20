"""What the service supports, for discovery: ServiceProviderConfig, ResourceTypes and Schemas
(RFC 7643 §5-7). Only the attributes learnapp keeps are described."""

from __future__ import annotations

from typing import Any

from learnapp.scim import protocol as p
from learnapp.scim.users import DEFAULT_UNIT_ATTRIBUTE


def service_provider_config(base: str) -> dict[str, Any]:
    return {
        "schemas": [p.SPC],
        "documentationUri": f"{base.rsplit('/scim/', 1)[0]}/",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": p.MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": True},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token an administrator creates in learnapp (Administration > SCIM)",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base}/ServiceProviderConfig",
        },
    }


def resource_types(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [p.RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "schema": p.USER,
            "schemaExtensions": [{"schema": p.ENTERPRISE, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
        },
        {
            "schemas": [p.RESOURCE_TYPE],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "schema": p.GROUP,
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/Group"},
        },
    ]


def _attr(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    attribute = {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    }
    attribute.update(extra)
    return attribute


def _multi(name: str) -> dict[str, Any]:
    return _attr(
        name,
        "complex",
        multiValued=True,
        subAttributes=[_attr("value"), _attr("type"), _attr("primary", "boolean")],
    )


def schemas(base: str) -> list[dict[str, Any]]:
    unit_schema = DEFAULT_UNIT_ATTRIBUTE.rpartition(":")[0]
    items = [
        (p.USER, "User", [
            _attr("userName", required=True, uniqueness="server"),
            _attr("name", "complex", subAttributes=[
                _attr("formatted"), _attr("givenName"), _attr("familyName")]),
            _attr("displayName"),
            _attr("title"),
            _attr("active", "boolean"),
            _attr("preferredLanguage"),
            _attr("externalId", caseExact=True),
            _multi("emails"),
            _multi("phoneNumbers"),
        ]),
        (p.ENTERPRISE, "EnterpriseUser", [
            _attr("employeeNumber"),
            _attr("department"),
            _attr("manager", "complex", subAttributes=[_attr("value")]),
        ]),
        (p.GROUP, "Group", [
            _attr("displayName", required=True, uniqueness="server"),
            _attr("externalId", caseExact=True),
            _attr("members", "complex", multiValued=True, subAttributes=[_attr("value")]),
        ]),
        (unit_schema, "learnapp unit", [_attr("unit")]),
    ]  # fmt: skip
    return [
        {
            "schemas": [p.SCHEMA],
            "id": urn,
            "name": name,
            "attributes": attributes,
            "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{urn}"},
        }
        for urn, name, attributes in items
    ]
