"""SCIM 2.0 wire format (RFC 7643, 7644): schema URNs, errors, filters, PATCH paths. No database.

Only what Microsoft Entra ID's provisioning service and the RFC's common clients send is read:
filters `attr eq "value"` (userName, externalId, id, displayName, emails.value), PATCH paths
with and without a value filter (`emails[type eq "work"].value`), operation names in any case
and booleans as strings ("False").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CONTENT_TYPE = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
MAX_COUNT = 200  # a page of a list never holds more
MAX_OPERATIONS = 1000


class ScimError(Exception):
    """A request the service refuses; becomes an Error response (RFC 7644 §3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "schemas": [ERROR],
            "status": str(self.status),
            "detail": self.detail,
        }
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


def bad(detail: str, scim_type: str = "invalidValue") -> ScimError:
    return ScimError(400, detail, scim_type)


# --- filters --------------------------------------------------------------------------------

_FILTER = re.compile(
    r'^\s*(?P<attr>[A-Za-z][\w.:]*)\s+(?P<op>eq)\s+(?:"(?P<str>(?:[^"\\]|\\.)*)"|(?P<bare>true|false|null|-?\d+))\s*$',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Filter:
    attribute: str  # lower-cased, without the schema URN: "username", "externalid", "id"
    value: str


def parse_filter(text: str | None, allowed: set[str]) -> Filter | None:
    """`attr eq "value"` for one of the `allowed` attributes (lower-case); anything else is 400."""
    if text is None or not text.strip():
        return None
    match = _FILTER.match(text)
    if match is None:
        raise bad(f"The filter cannot be read: {text[:200]}", "invalidFilter")
    attr = match["attr"].lower()
    for schema in (USER.lower() + ":", GROUP.lower() + ":"):
        if attr.startswith(schema):
            attr = attr[len(schema) :]
    if attr not in allowed:
        raise bad(
            f"Filtering on {match['attr']} is not supported; use one of: {', '.join(sorted(allowed))}",
            "invalidFilter",
        )
    value = match["str"] if match["str"] is not None else match["bare"]
    return Filter(attr, re.sub(r"\\(.)", r"\1", value))


def paging(start: str | None, count: str | None) -> tuple[int, int]:
    """startIndex (1-based) and count from the query string; out-of-range values are clamped."""

    def number(raw: str | None, default: int) -> int:
        if raw is None or raw == "":
            return default
        if not re.fullmatch(r"-?\d{1,9}", raw.strip()):
            raise bad(f"Not a number: {raw[:50]}")
        return int(raw)

    return max(1, number(start, 1)), min(MAX_COUNT, max(0, number(count, 100)))


# --- values as clients send them ----------------------------------------------------------------


def boolean(value: Any, name: str) -> bool:
    """true/false, also as the strings Entra sends ("True", "False")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad(f"{name} must be true or false")


def text(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad(f"{name} must be a string")
    result = str(value).strip()
    if len(result) > limit:
        raise bad(f"{name} is longer than {limit} characters")
    return result


@dataclass(frozen=True)
class Path:
    """A PATCH path: attribute (lower-case, URN-qualified for extensions), an optional value
    filter (`[type eq "work"]`) and sub-attribute."""

    attribute: str
    filter_attr: str | None = None
    filter_value: str | None = None
    sub: str | None = None


_PATH = re.compile(
    r"^(?P<attr>(?:urn:[^\[\]]+:)?[A-Za-z][\w]*)"
    r'(?:\[\s*(?P<fattr>\w+)\s+eq\s+"(?P<fvalue>[^"]*)"\s*\])?'
    r"(?:\.(?P<sub>[A-Za-z]\w*))?$",
    re.IGNORECASE,
)


def parse_path(raw: Any) -> Path:
    if not isinstance(raw, str) or not raw.strip():
        raise bad("The operation's path must be a string", "invalidPath")
    text_ = raw.strip()
    # "urn:...:enterprise:2.0:User:department" -> attribute "urn:...:user:department"
    match = _PATH.match(text_)
    if match is None:
        raise bad(f"The path cannot be read: {text_[:200]}", "invalidPath")
    attr = match["attr"].lower()
    return Path(
        attribute=attr,
        filter_attr=match["fattr"].lower() if match["fattr"] else None,
        filter_value=match["fvalue"],
        sub=match["sub"].lower() if match["sub"] else None,
    )


@dataclass(frozen=True)
class Operation:
    op: str  # "add", "replace" or "remove"
    path: Path | None
    value: Any


def parse_patch(body: Any) -> list[Operation]:
    if not isinstance(body, dict):
        raise bad("The body must be a JSON object", "invalidSyntax")
    schemas = body.get("schemas")
    if not isinstance(schemas, list) or PATCH not in schemas:
        raise bad(f"A PATCH body must name the schema {PATCH}", "invalidSyntax")
    raw_ops = body.get("Operations", body.get("operations"))
    if not isinstance(raw_ops, list) or not raw_ops or len(raw_ops) > MAX_OPERATIONS:
        raise bad("A PATCH body must have a list of Operations", "invalidSyntax")
    operations = []
    for raw in raw_ops:
        if not isinstance(raw, dict):
            raise bad("Each operation must be a JSON object", "invalidSyntax")
        op = raw.get("op")
        if not isinstance(op, str) or op.lower() not in ("add", "replace", "remove"):
            raise bad(f"Unknown operation: {str(op)[:50]}", "invalidSyntax")
        path = parse_path(raw["path"]) if raw.get("path") is not None else None
        if path is None and op.lower() == "remove":
            raise bad("A remove operation needs a path", "noTarget")
        if path is None and not isinstance(raw.get("value"), dict):
            raise bad("An operation without a path needs an object as its value", "invalidValue")
        operations.append(Operation(op.lower(), path, raw.get("value")))
    return operations


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
