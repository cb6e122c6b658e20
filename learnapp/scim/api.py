"""The SCIM 2.0 API at /scim/v2 (RFC 7644), for the directory's provisioning service.

Token-authenticated (no session, no CSRF); every answer is `application/scim+json`, every refusal
a SCIM Error body; a request either writes everything or nothing (one commit at the end).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, current_app, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.http import unquote_etag

from learnapp.bounds import is_digits
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.scim import groups, pending, schemas, tokens, users
from learnapp.scim import protocol as p
from learnapp.scim.blueprint import api_bp as bp
from learnapp.scim.models import ScimGroup, ScimUser

MAX_BODY = 1024 * 1024


def answer(body: Any, status: int = 200, **headers: str) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers)
    response.mimetype = p.CONTENT_TYPE
    return response


def error(exc: p.ScimError) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="learnapp-scim"'} if exc.status == 401 else {}
    return answer(exc.body(), exc.status, **headers)


def base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    root = str(configured).rstrip("/") if configured else request.host_url.rstrip("/")
    return root + bp.url_prefix if bp.url_prefix else root


@bp.before_request
def authenticate() -> Response | None:
    checked = tokens.check(request.headers.get("Authorization"))
    if checked is None:
        db.session.rollback()
        return error(p.ScimError(401, "A valid bearer token is required"))
    if checked.touched:
        db.session.commit()  # the token's last use
    return None


@bp.after_request
def apply_pending(response: Response) -> Response:
    """Announce the people queued by this and earlier requests once enough are waiting."""
    if response.status_code >= 400:
        return response
    try:
        if pending.apply_due():
            db.session.commit()
    except Exception:  # the answer stands: the people stay queued for the next try
        db.session.rollback()
        current_app.logger.exception("Applying the queued SCIM changes failed")
    return response


@bp.errorhandler(p.ScimError)
def scim_error(exc: p.ScimError) -> Response:
    db.session.rollback()
    return error(exc)


@bp.errorhandler(IntegrityError)
def conflict(exc: IntegrityError) -> Response:
    # A userName, employeeNumber or externalId another user has; or two requests raced for the
    # same department or unit name.
    db.session.rollback()
    return error(users.conflict(exc))


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Response:
    db.session.rollback()
    code = exc.code or 500
    return error(p.ScimError(code, exc.description or exc.name))


@bp.errorhandler(Exception)
def unexpected(exc: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("SCIM request failed", exc_info=exc)
    return error(p.ScimError(500, "The request could not be completed; nothing was written"))


def body() -> Any:
    if (request.content_length or 0) > MAX_BODY:
        raise p.ScimError(413, "The body is too large")
    raw = request.get_data(cache=False)
    if len(raw) > MAX_BODY:
        raise p.ScimError(413, "The body is too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise p.bad("The body is not JSON", "invalidSyntax") from exc


def _sorting(columns: dict[str, Any]) -> list[Any]:
    return p.sorting(request.args.get("sortBy"), request.args.get("sortOrder"), columns)


# --- versions (ETags, RFC 7644 §3.14) ----------------------------------------------------------


def versioned(resource: dict[str, Any]) -> str:
    """Put the resource's version in its meta and return it: a weak ETag of its content, so any
    change to what the resource says changes it, and nothing needs storing."""
    content = json.dumps(resource, sort_keys=True, ensure_ascii=False).encode()
    tag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
    resource["meta"]["version"] = tag
    return tag


def _matches(header: Any, tag: str) -> bool:
    value, _weak = unquote_etag(tag)
    return bool(header.star_tag or header.contains_weak(value))


def _precondition(resource: dict[str, Any]) -> None:
    """If-Match: the write goes ahead only if the resource is still the version the client read."""
    if not request.headers.get("If-Match"):
        return
    if not _matches(request.if_match, versioned(resource)):
        raise p.ScimError(412, "The resource has changed since it was read (If-Match)")


def _not_modified(tag: str) -> Response | None:
    """If-None-Match on a GET: 304 when the client has this version."""
    if request.headers.get("If-None-Match") and _matches(request.if_none_match, tag):
        return Response(status=304, headers={"ETag": tag})
    return None


def _id(raw: str) -> int:
    if not is_digits(raw) or len(raw) > 10 or int(raw) > 2**31 - 1:
        raise p.ScimError(404, f"No resource {raw[:50]}")
    return int(raw)


# --- discovery ----------------------------------------------------------------------------------


@bp.get("/ServiceProviderConfig")
def service_provider_config() -> Response:
    return answer(schemas.service_provider_config(base_url()))


@bp.get("/ResourceTypes")
def resource_types() -> Response:
    types = schemas.resource_types(base_url())
    return answer(p.list_response(types, len(types), 1))


@bp.get("/ResourceTypes/<name>")
def resource_type(name: str) -> Response:
    for item in schemas.resource_types(base_url()):
        if item["id"] == name:
            return answer(item)
    raise p.ScimError(404, f"No resource type {name[:50]}")


@bp.get("/Schemas")
def schema_list() -> Response:
    items = schemas.schemas(base_url())
    return answer(p.list_response(items, len(items), 1))


@bp.get("/Schemas/<urn>")
def schema(urn: str) -> Response:
    for item in schemas.schemas(base_url()):
        if item["id"] == urn:
            return answer(item)
    raise p.ScimError(404, f"No schema {urn[:100]}")


# --- users --------------------------------------------------------------------------------------


def _user(person_id: str) -> tuple[Person, ScimUser | None]:
    person = db.session.get(Person, _id(person_id))
    if person is None or person.anonymised_at is not None:
        raise p.ScimError(404, f"No user {person_id[:50]}")
    return person, db.session.get(ScimUser, person.id)


def _user_answer(
    person: Person,
    status: int = 200,
    *,
    extra: ScimUser | None = None,
    commit: bool = False,
) -> Response:
    """The user as stored now; with `commit`, the answer is built first and then committed
    (the objects in the session need no reloading)."""
    base = base_url()
    db.session.flush()
    body = users.resource(person, extra or db.session.get(ScimUser, person.id), base)
    location = f"{base}/Users/{person.id}"
    tag = versioned(body)
    if commit:
        db.session.commit()
    elif status == 200 and (unchanged := _not_modified(tag)) is not None:
        return unchanged
    return answer(body, status, Location=location, ETag=tag)


@bp.get("/Users")
def list_users() -> Response:
    filters = p.parse_filter(request.args.get("filter"), users.USER_FILTERS)
    order = _sorting(users.USER_SORTS)
    start, count = p.paging(request.args.get("startIndex"), request.args.get("count"))
    stmt = users.find(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(*order, Person.id).offset(start - 1).limit(count)
    people = list(db.session.scalars(page))
    extras = {
        e.person_id: e
        for e in db.session.scalars(
            select(ScimUser).where(ScimUser.person_id.in_([x.id for x in people]))
        )
    } if people else {}  # fmt: skip
    base = base_url()
    resources = [users.resource(x, extras.get(x.id), base) for x in people]
    for resource in resources:
        versioned(resource)
    return answer(p.list_response(resources, total, start))


@bp.post("/Users")
def create_user() -> Response:
    person, extra = users.create(users.from_body(body()))
    return _user_answer(person, 201, extra=extra, commit=True)


@bp.get("/Users/<person_id>")
def get_user(person_id: str) -> Response:
    person, _extra = _user(person_id)
    return _user_answer(person)


def _user_precondition(person: Person, extra: ScimUser | None) -> None:
    if request.headers.get("If-Match"):
        _precondition(users.resource(person, extra, base_url()))


@bp.put("/Users/<person_id>")
def replace_user(person_id: str) -> Response:
    person, extra = _user(person_id)
    _user_precondition(person, extra)
    users.update_person(person, extra, users.from_body(body()))
    return _user_answer(person, commit=True)


@bp.patch("/Users/<person_id>")
def patch_user(person_id: str) -> Response:
    operations = p.parse_patch(body())
    person, extra = _user(person_id)
    _user_precondition(person, extra)
    users.update_person(person, extra, users.patched(users.current(person, extra), operations))
    return _user_answer(person, commit=True)


@bp.delete("/Users/<person_id>")
def delete_user(person_id: str) -> Response:
    person, extra = _user(person_id)
    _user_precondition(person, extra)
    users.deactivate(person)
    db.session.commit()
    return Response(status=204)


# --- groups -------------------------------------------------------------------------------------


def _group(group_id: str) -> ScimGroup:
    group = db.session.get(ScimGroup, _id(group_id))
    if group is None:
        raise p.ScimError(404, f"No group {group_id[:50]}")
    return group


def _with_members() -> bool:
    excluded = (request.args.get("excludedAttributes") or "").lower()
    return "members" not in {a.strip() for a in excluded.split(",")}


def _group_resource(group: ScimGroup, with_members: bool) -> dict[str, Any]:
    members = groups.members_of([group.id])[group.id] if with_members else None
    return groups.resource(group, members, base_url())


def _group_answer(group: ScimGroup, status: int = 200) -> Response:
    resource = _group_resource(group, _with_members())
    tag = versioned(resource)
    if status == 200 and (unchanged := _not_modified(tag)) is not None:
        return unchanged
    return answer(resource, status, Location=f"{base_url()}/Groups/{group.id}", ETag=tag)


def _group_precondition(group: ScimGroup) -> None:
    """As `_precondition`; a version read with or without the members both match."""
    if not request.headers.get("If-Match"):
        return
    tags = (versioned(_group_resource(group, True)), versioned(_group_resource(group, False)))
    if not any(_matches(request.if_match, tag) for tag in tags):
        raise p.ScimError(412, "The resource has changed since it was read (If-Match)")


@bp.get("/Groups")
def list_groups() -> Response:
    filters = p.parse_filter(request.args.get("filter"), groups.GROUP_FILTERS)
    order = _sorting(groups.GROUP_SORTS)
    start, count = p.paging(request.args.get("startIndex"), request.args.get("count"))
    stmt = groups.find(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(*order, ScimGroup.id).offset(start - 1).limit(count)
    found = list(db.session.scalars(page))
    members = groups.members_of([g.id for g in found]) if _with_members() else {}
    base = base_url()
    resources = [groups.resource(g, members.get(g.id) if members else None, base) for g in found]
    for resource in resources:
        versioned(resource)
    return answer(p.list_response(resources, total, start))


@bp.post("/Groups")
def create_group() -> Response:
    group = groups.create(body())
    db.session.commit()
    return _group_answer(group, 201)


@bp.get("/Groups/<group_id>")
def get_group(group_id: str) -> Response:
    return _group_answer(_group(group_id))


@bp.put("/Groups/<group_id>")
def replace_group(group_id: str) -> Response:
    group = _group(group_id)
    _group_precondition(group)
    groups.replace_group(group, body())
    db.session.commit()
    return _group_answer(group)


@bp.patch("/Groups/<group_id>")
def patch_group(group_id: str) -> Response:
    operations = p.parse_patch(body())
    group = _group(group_id)
    _group_precondition(group)
    groups.patch(group, operations)
    db.session.commit()
    return Response(status=204)


@bp.delete("/Groups/<group_id>")
def delete_group(group_id: str) -> Response:
    group = _group(group_id)
    _group_precondition(group)
    groups.delete_group(group)
    db.session.commit()
    return Response(status=204)


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str) -> Response:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _args = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != "scim.unknown":
            raise p.ScimError(405, f"{request.method} is not allowed here")
    raise p.ScimError(404, f"No such endpoint: {rest[:100]}")
