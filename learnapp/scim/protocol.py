"""SCIM 2.0 wire format (RFC 7643, 7644): schema URNs, errors, filters, PATCH paths. No database.

Only what Microsoft Entra ID's provisioning service and the RFC's common clients send is read:
filters `attr eq "value"` joined by `and` (userName, externalId, id, active, displayName,
emails.value), `sortBy`/`sortOrder`, PATCH paths
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

# One comparison: an attribute, an operator and (except for `pr`) a value.
_TERM = re.compile(
    r"\s*(?P<attr>[A-Za-z][\w.:]*)\s+(?P<op>[A-Za-z]+)"
    r'(?:\s+(?:"(?P<str>(?:[^"\\]|\\.)*)"|(?P<bare>[A-Za-z]+|-?\d+(?:\.\d+)?)))?\s*'
)
_AND = re.compile(r"and\s+", re.IGNORECASE)
_OPERATORS = {"eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le"}
MAX_TERMS = 10
SUPPORTED_FILTERS = 'comparisons with eq, joined by and (userName eq "x" and active eq true)'


@dataclass(frozen=True)
class Filter:
    """One `attribute eq value` of a filter; a filter is a list of them, all of which hold."""

    attribute: str  # lower-cased, without the schema URN: "username", "externalid", "id"
    value: str


def parse_filter(text: str | None, allowed: set[str]) -> list[Filter]:
    """`attr eq "value"` for the `allowed` attributes (lower-case), joined by `and`; anything
    else (or, not, grouping, other operators, other attributes) is a 400 saying what is not
    supported."""
    if text is None or not text.strip():
        return []
    terms: list[Filter] = []
    position = 0
    while True:
        match = _TERM.match(text, position)
        if match is None:
            raise bad(_unreadable(text, position), "invalidFilter")
        op = match["op"].lower()
        if op in ("and", "or", "not") or op not in _OPERATORS:
            raise bad(_unreadable(text, position), "invalidFilter")
        if op != "eq":
            raise bad(f"The operator {op} is not supported; only {SUPPORTED_FILTERS}",
                      "invalidFilter")  # fmt: skip
        value = match["str"] if match["str"] is not None else match["bare"]
        if value is None or (match["bare"] and match["bare"].isalpha()
                             and match["bare"].lower() not in ("true", "false", "null")):  # fmt: skip
            raise bad(f"The filter cannot be read: {text[:200]}", "invalidFilter")
        terms.append(Filter(_attribute(match["attr"], allowed), re.sub(r"\\(.)", r"\1", value)))
        position = match.end()
        if position == len(text):
            return terms
        joined = _AND.match(text, position)
        if joined is None or len(terms) >= MAX_TERMS:
            raise bad(_unreadable(text, position), "invalidFilter")
        position = joined.end()


def _unreadable(text: str, position: int) -> str:
    rest = text[position:].strip()
    word = rest.split(None, 1)[0].lower() if rest else ""
    if word in ("or", "not") or rest.startswith(("(", "[")) or "[" in rest:
        return f"Only {SUPPORTED_FILTERS} are supported: {text[:200]}"
    return f"The filter cannot be read: {text[:200]}"


def _attribute(raw: str, allowed: set[str]) -> str:
    attr = raw.lower()
    for schema in (USER.lower() + ":", GROUP.lower() + ":"):
        if attr.startswith(schema):
            attr = attr[len(schema) :]
    if attr not in allowed:
        raise bad(
            f"Filtering on {raw[:100]} is not supported; use one of: {', '.join(sorted(allowed))}",
            "invalidFilter",
        )
    return attr


def sorting(sort_by: str | None, sort_order: str | None, allowed: dict[str, Any]) -> list[Any]:
    """The ORDER BY terms for `sortBy` (one of `allowed`: lower-case attribute -> column) and
    `sortOrder` (ascending, the default, or descending); the id breaks ties."""
    order = (sort_order or "ascending").strip().lower()
    if order not in ("ascending", "descending"):
        raise bad("sortOrder must be ascending or descending")
    if sort_by is None or not sort_by.strip():
        return []
    attr = sort_by.strip().lower()
    for schema in (USER.lower() + ":", GROUP.lower() + ":"):
        if attr.startswith(schema):
            attr = attr[len(schema) :]
    column = allowed.get(attr)
    if column is None:
        raise bad(f"Sorting by {sort_by[:100]} is not supported; use one of: "
                  f"{', '.join(sorted(allowed))}")  # fmt: skip
    return [column.desc() if order == "descending" else column.asc()]


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
