"""SCIM Users: a person as the directory sees them, and the writes that follow the HR import's rules.

A user's e-mail is `userName` (or the work e-mail); the department and unit are found by name as
the HR import finds them (`learnapp.admin.import_units.Units`), and created only when
`SCIM_CREATE_UNITS` is on, as the import's "create missing" box; `manager` makes that person a
manager of the user's unit, as the import's manager column. Every change is audit-logged and the
person queued for `signals.people_changed` (`learnapp.scim.pending`, in batches), so the
assignment rules reach them exactly as after an HR import. Functions flush; the view commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import exists, false, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from learnapp.admin.hr_import import EMAIL, PHONE, HrRow, RowError
from learnapp.admin.import_units import Units
from learnapp.audit.services import Batch, record
from learnapp.auth.models import AuthSession
from learnapp.bounds import is_digits
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, PersonRole, Role, Unit, UnitManager
from learnapp.scim import pending
from learnapp.scim import protocol as p
from learnapp.scim.models import ScimUser
from learnapp.swedish import in_swedish_order

SOURCE = "scim"
DEFAULT_UNIT_ATTRIBUTE = "urn:ietf:params:scim:schemas:extension:learnapp:2.0:User:unit"
_ENT = p.ENTERPRISE.lower()


@dataclass(frozen=True)
class UserData:
    """A user's attributes as learnapp keeps them."""

    email: str
    name: str
    given_name: str = ""
    family_name: str = ""
    external_id: str | None = None
    job_title: str = ""
    employee_number: str | None = None
    work_phone: str | None = None
    department: str | None = None
    unit: str | None = None
    manager_id: int | None = None
    active: bool = True
    preferred_language: str | None = None  # as the directory wrote it


def unit_attribute() -> tuple[str, str]:
    """The schema URN and attribute name that carry the unit (`SCIM_UNIT_ATTRIBUTE`)."""
    full = str(current_app.config.get("SCIM_UNIT_ATTRIBUTE") or DEFAULT_UNIT_ATTRIBUTE)
    schema, _, attr = full.rpartition(":")
    return schema.lower(), attr.lower()


# --- reading a body ---------------------------------------------------------------------------


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _work_value(items: Any, name: str) -> str | None:
    """The value of the work (else primary, else first) entry of a multi-valued attribute."""
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise p.bad(f"{name} must be a list of objects")
    if not items:
        return ""
    chosen = next((i for i in items if str(i.get("type", "")).lower() == "work"), None)
    chosen = chosen or next((i for i in items if i.get("primary") in (True, "true", "True")), None)
    chosen = chosen or items[0]
    return p.text(chosen.get("value"), f"{name}.value", 254) or ""


def from_body(body: Any) -> UserData:
    """A whole user from a POST or PUT body; 400 when something required is missing or wrong."""
    if not isinstance(body, dict):
        raise p.bad("The body must be a JSON object", "invalidSyntax")
    b = _lower_keys(body)
    schemas = body.get("schemas")
    if schemas is not None and (not isinstance(schemas, list) or p.USER not in schemas):
        raise p.bad(f"A user must name the schema {p.USER}", "invalidSyntax")
    email = p.text(b.get("username"), "userName", 254) or _work_value(b.get("emails"), "emails")
    name_obj = b.get("name") or {}
    if not isinstance(name_obj, dict):
        raise p.bad("name must be an object")
    given = p.text(name_obj.get("givenname"), "name.givenName", 100) or ""
    family = p.text(name_obj.get("familyname"), "name.familyName", 100) or ""
    display = (
        p.text(b.get("displayname"), "displayName", 200)
        or p.text(name_obj.get("formatted"), "name.formatted", 200)
        or " ".join(x for x in (given, family) if x)
    )
    ent = b.get(_ENT) or {}
    if not isinstance(ent, dict):
        raise p.bad(f"{p.ENTERPRISE} must be an object")
    schema, attr = unit_attribute()
    ext = b.get(schema) or {}
    unit = p.text(ext.get(attr), "unit", 400) if isinstance(ext, dict) else None
    data = UserData(
        email=(email or "").lower(),
        name=display or "",
        given_name=given,
        family_name=family,
        external_id=p.text(b.get("externalid"), "externalId", 200) or None,
        job_title=p.text(b.get("title"), "title", 200) or "",
        employee_number=p.text(ent.get("employeenumber"), "employeeNumber", 40) or None,
        work_phone=_work_value(b.get("phonenumbers"), "phoneNumbers") or None,
        department=p.text(ent.get("department"), "department", 200) or None,
        unit=unit or None,
        manager_id=_manager_id(ent.get("manager")),
        active=p.boolean(b["active"], "active") if b.get("active") is not None else True,
        preferred_language=p.text(b.get("preferredlanguage"), "preferredLanguage", 100) or None,
    )
    return check(data)


LANGUAGES = ("sv", "en")


def language_of(preferred: str | None) -> str:
    """The person's language for the directory's preferredLanguage ("sv-SE", "en-US", or an
    Accept-Language list such as "da, en-gb;q=0.8"): the first of learnapp's languages it names,
    by preference; Swedish for any other (and for none)."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((preferred or "").split(",")):
        tag, _, params = part.partition(";")
        weight = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:
                weight = 0.0
        primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, n, primary))
    return min(ranked)[2] if ranked else "sv"


def _manager_id(value: Any) -> int | None:
    if isinstance(value, dict):
        value = value.get("value")
    if value in (None, ""):
        return None
    raw = str(value).strip()
    if not is_digits(raw) or len(raw) > 10 or int(raw) > 2**31 - 1:
        raise p.bad(f"manager must be the id of a user here: {raw[:50]}")
    return int(raw)


def check(data: UserData) -> UserData:
    if not data.email:
        raise p.bad("userName (the e-mail address) is required")
    if not EMAIL.match(data.email) or len(data.email) > 254:
        raise p.bad(f"userName must be an e-mail address: {data.email[:100]}")
    if not data.name.strip():
        raise p.bad("displayName or name is required")
    if data.work_phone and not PHONE.match(data.work_phone):
        raise p.bad(f"Not a telephone number: {data.work_phone[:50]}")
    return data


def patched(current: UserData, operations: list[p.Operation]) -> UserData:
    """The user after the PATCH operations (Entra's forms: with and without path)."""
    data = current
    for op in operations:
        if op.path is None:
            for key, value in _lower_keys(op.value).items():
                data = _apply(data, op.op, p.parse_path(key), value)
        else:
            data = _apply(data, op.op, op.path, op.value)
    return check(data)


def _apply(data: UserData, op: str, path: p.Path, value: Any) -> UserData:
    attr, sub = path.attribute, path.sub
    remove = op == "remove"
    if isinstance(value, dict) and attr in (_ENT, p.USER.lower()):
        result = data  # {"urn:...:enterprise:2.0:User": {"department": ...}}
        for key, inner in _lower_keys(value).items():
            result = _apply(result, op, p.Path(f"{attr}:{key}"), inner)
        return result
    if attr.startswith(p.USER.lower() + ":"):
        attr = attr[len(p.USER) + 1 :]
    schema, unit_attr = unit_attribute()
    if attr == f"{schema}:{unit_attr}" or (attr == schema and isinstance(value, dict)):
        unit = value.get(unit_attr) if isinstance(value, dict) else value
        return replace(data, unit=None if remove else p.text(unit, "unit", 400) or None)
    if attr in ("username",):
        return replace(data, email=(p.text(value, "userName", 254) or "").lower())
    if attr == "emails":
        if (
            path.filter_attr not in (None, "type")
            or (path.filter_value or "work").lower() != "work"
        ):
            return data  # other addresses are not kept
        new = (
            value
            if path.sub == "value" or not isinstance(value, list)
            else _work_value(value, "emails")
        )
        if remove or not new:
            return data  # the e-mail is the account: never removed
        return replace(data, email=(p.text(new, "emails", 254) or "").lower())
    if attr == "displayname":
        return replace(data, name=data.name if remove else p.text(value, "displayName", 200) or "")
    if attr == "name":
        return _apply_name(data, sub, value, remove)
    if attr == "externalid":
        return replace(data, external_id=None if remove else p.text(value, "externalId", 200))
    if attr == "title":
        return replace(data, job_title="" if remove else p.text(value, "title", 200) or "")
    if attr == "preferredlanguage":
        return replace(data, preferred_language=None if remove else
                       p.text(value, "preferredLanguage", 100) or None)  # fmt: skip
    if attr == "active":
        if remove:
            raise p.bad("active cannot be removed", "mutability")
        return replace(data, active=p.boolean(value, "active"))
    if attr == "phonenumbers":
        if path.filter_attr and (path.filter_value or "").lower() != "work":
            return data
        phone = (
            value
            if path.sub == "value" or not isinstance(value, list)
            else _work_value(value, "phoneNumbers")
        )
        return replace(
            data, work_phone=None if remove else p.text(phone, "phoneNumbers", 40) or None
        )
    if attr.startswith(_ENT + ":"):
        name = attr[len(_ENT) + 1 :]
        if name == "department":
            return replace(
                data, department=None if remove else p.text(value, "department", 200) or None
            )
        if name == "employeenumber":
            return replace(
                data,
                employee_number=None if remove else p.text(value, "employeeNumber", 40) or None,
            )
        if name == "manager":
            return replace(data, manager_id=None if remove else _manager_id(value))
        return data  # costCenter, division, organization: not kept
    if attr in ("schemas", "meta", "id", "groups", "roles", "addresses", "locale", "nickname", "usertype", "timezone", "profileurl",
                "ims", "photos", "entitlements", "x509certificates"):  # fmt: skip
        return data  # read-only here, or not kept
    if attr.startswith("urn:"):
        return data  # another extension's attribute: not kept
    raise p.bad(f"Unknown attribute: {path.attribute[:100]}", "invalidPath")


def _apply_name(data: UserData, sub: str | None, value: Any, remove: bool) -> UserData:
    if sub is None:
        if not isinstance(value, dict):
            raise p.bad("name must be an object")
        v = _lower_keys(value)
        given = p.text(v.get("givenname"), "name.givenName", 100) or data.given_name
        family = p.text(v.get("familyname"), "name.familyName", 100) or data.family_name
        formatted = p.text(v.get("formatted"), "name.formatted", 200)
        return replace(data, given_name=given, family_name=family,
                       name=formatted or _joined(given, family, data))  # fmt: skip
    text_ = "" if remove else p.text(value, f"name.{sub}", 100) or ""
    if sub == "givenname":
        return replace(data, given_name=text_, name=_joined(text_, data.family_name, data))
    if sub == "familyname":
        return replace(data, family_name=text_, name=_joined(data.given_name, text_, data))
    if sub == "formatted":
        return replace(data, name=text_ or data.name)
    return data


def _joined(given: str, family: str, data: UserData) -> str:
    """The name from its parts, unless the display name was set apart from them."""
    before = " ".join(x for x in (data.given_name, data.family_name) if x)
    if data.name and before and data.name != before:
        return data.name
    return " ".join(x for x in (given, family) if x) or data.name


# --- the person as a resource ---------------------------------------------------------------


def current(person: Person, extra: ScimUser | None) -> UserData:
    given, _, family = person.name.partition(" ")
    if extra is not None and extra.department:
        dept: str | None = extra.department  # as the directory wrote it
    else:
        dept = person.unit.department.name if person.unit is not None else None
    return UserData(
        email=person.email,
        name=person.name,
        given_name=given,
        family_name=family,
        external_id=extra.external_id if extra else None,
        job_title=person.job_title,
        employee_number=person.employee_number,
        work_phone=person.work_phone,
        department=dept,
        unit=(extra.unit if extra and extra.unit else (person.unit.name if person.unit else None)),
        manager_id=extra.manager_id if extra else None,
        active=person.active,
        preferred_language=extra.preferred_language if extra else None,
    )


def resource(person: Person, extra: ScimUser | None, base: str) -> dict[str, Any]:
    data = current(person, extra)
    body: dict[str, Any] = {
        "schemas": [p.USER, p.ENTERPRISE],
        "id": str(person.id),
        "userName": data.email,
        "name": {
            "formatted": data.name,
            "givenName": data.given_name,
            "familyName": data.family_name,
        },
        "displayName": data.name,
        "title": data.job_title,
        "active": data.active,
        "emails": [{"value": data.email, "type": "work", "primary": True}],
        p.ENTERPRISE: {},
        "meta": {
            "resourceType": "User",
            "created": person.created_at.isoformat(),
            "location": f"{base}/Users/{person.id}",
        },
    }
    if data.external_id:
        body["externalId"] = data.external_id
    if data.work_phone:
        body["phoneNumbers"] = [{"value": data.work_phone, "type": "work"}]
    if data.preferred_language:
        body["preferredLanguage"] = data.preferred_language
    ent = body[p.ENTERPRISE]
    if data.employee_number:
        ent["employeeNumber"] = data.employee_number
    if data.department:
        ent["department"] = data.department
    if data.manager_id:
        ent["manager"] = {"value": str(data.manager_id)}
    if data.unit:
        full = str(current_app.config.get("SCIM_UNIT_ATTRIBUTE") or DEFAULT_UNIT_ATTRIBUTE)
        urn, _, name = full.rpartition(":")
        if urn.lower() == _ENT:
            ent[name] = data.unit
        else:
            body["schemas"].append(urn)
            body[urn] = {name: data.unit}
    return body


# --- writing ------------------------------------------------------------------------------------


def _taken(data: UserData, except_id: int | None) -> None:
    """409 when another person has the e-mail, employee number or external id (one query)."""
    conditions = [Person.email == data.email]
    if data.employee_number:
        conditions.append(Person.employee_number == data.employee_number)
    if data.external_id:
        conditions.append(ScimUser.external_id == data.external_id)
    stmt = (
        select(Person.id, Person.email, Person.employee_number, ScimUser.external_id)
        .outerjoin(ScimUser, ScimUser.person_id == Person.id)
        .where(or_(*conditions))
    )
    for id_, email, number, _external_id in db.session.execute(stmt):
        if id_ == except_id:
            continue
        if email == data.email:
            what = "userName"
        elif data.employee_number and number == data.employee_number:
            what = "employeeNumber"
        else:
            what = "externalId"
        raise p.ScimError(409, f"Another user already has this {what}", "uniqueness")


_UNIQUE = (
    ("person_email", "userName"),
    ("person_employee_number", "employeeNumber"),
    ("scim_user_external_id", "externalId"),
)


def conflict(error: IntegrityError) -> p.ScimError:
    """The 409 for a write the database refused: which attribute another user already has
    (the constraint as PostgreSQL names it, or the column as SQLite does), else a race."""
    said = str(error.orig).replace(".", "_")
    for needle, what in _UNIQUE:
        if needle in said:
            return p.ScimError(409, f"Another user already has this {what}", "uniqueness")
    return p.ScimError(409, "The resource conflicts with one written meanwhile", "uniqueness")


def _unit_for(data: UserData) -> Unit | None:
    """The unit the department and unit name give (as the HR import finds them); None: none."""
    if data.department is None and data.unit is None:
        return None
    if data.department is None:
        raise p.bad("A unit needs the enterprise department it belongs to")
    path = data.unit or data.department  # no unit: the department's own top unit
    row = HrRow(row=0, name=data.name, email=data.email, department=data.department, unit=path)
    create = bool(current_app.config.get("SCIM_CREATE_UNITS"))
    units = Units.for_rows([row])
    key = units.resolve(row, create, {"department": "department", "unit": "unit"})
    if isinstance(key, RowError):
        raise p.bad(key.message)
    units.create_missing()
    return units.resolved[key]


@dataclass(frozen=True)
class _Manager:
    person: Person  # its `manages_units` says whether they are a manager already
    manages_unit: bool  # already a manager of the unit the user is in


def _manager(manager_id: int | None, person_id: int | None, unit_id: int | None) -> _Manager | None:
    """The manager the directory names, with what they already are (one query)."""
    if manager_id is None:
        return None
    if manager_id == person_id:
        raise p.bad("A user cannot be their own manager")
    manages = (
        exists().where(UnitManager.person_id == Person.id, UnitManager.unit_id == unit_id)
        if unit_id is not None
        else literal(True)
    )
    row = db.session.execute(
        select(Person, manages).where(Person.id == manager_id).options(lazyload(Person.role_rows))
    ).first()
    if row is None:
        raise p.bad(f"manager: no user with id {manager_id}")
    return _Manager(row[0], bool(row[1]))


def create(data: UserData) -> tuple[Person, ScimUser]:
    """A new person, in the fewest statements (the directory sends thousands in a row, having
    looked each up first): the unit and manager in a query each, then the person, their SCIM
    row and manager link, their audit events and their place in the queue. A userName,
    employeeNumber or externalId someone has already is refused by the database's unique
    constraints (`conflict` names it), which costs no query when it is not."""
    unit = _unit_for(data)
    manager = _manager(data.manager_id, None, unit.id if unit is not None else None)
    person = Person(
        name=data.name,
        email=data.email,
        employee_number=data.employee_number,
        unit=unit,
        job_title=data.job_title,
        work_phone=data.work_phone,
        active=data.active,
        deactivated_at=None if data.active else utcnow(),
        language=language_of(data.preferred_language),
    )
    db.session.add(person)
    db.session.flush()
    # The rest as plain INSERTs: the answer reads `extra`, which the session need not track.
    extra = _extra(person.id, data)
    db.session.execute(insert(ScimUser).values(_row(extra)))
    audit = Batch()
    audit.record("person.created", target=person, source=SOURCE, roles=[], managed_units=[])
    changed = _make_manager(manager, person, audit)
    audit.write()
    pending.queue([person.id, *changed])
    return person, extra


def _row(extra: ScimUser) -> dict[str, Any]:
    return {c.key: getattr(extra, c.key) for c in ScimUser.__table__.columns}


def _extra(person_id: int, data: UserData) -> ScimUser:
    return ScimUser(
        person_id=person_id,
        external_id=data.external_id,
        department=data.department,
        unit=data.unit,
        manager_id=data.manager_id,
        preferred_language=data.preferred_language,
    )


def update_person(person: Person, extra: ScimUser | None, data: UserData) -> list[str]:
    """Apply the directory's values to a person; return the fields that changed."""
    before = current(person, extra)
    _taken(data, person.id)
    moving = (data.department, data.unit) != (before.department, before.unit)
    unit = _unit_for(data) if moving else None
    fields: list[str] = []
    for attr, value in (
        ("name", data.name),
        ("email", data.email),
        ("employee_number", data.employee_number),
        ("job_title", data.job_title),
        ("work_phone", data.work_phone),
    ):
        if getattr(person, attr) != value:
            setattr(person, attr, value)
            fields.append(attr)
    if unit is not None and person.unit_id != unit.id:
        person.unit = unit
        fields.append("unit")
    # The directory's language is applied when it changes; until then the person's own choice
    # in learnapp stands.
    if data.preferred_language and data.preferred_language != before.preferred_language:
        language = language_of(data.preferred_language)
        if person.language != language:
            person.language = language
            fields.append("language")
    manager = (
        _manager(data.manager_id, person.id, unit.id if unit is not None else person.unit_id)
        if data.manager_id != before.manager_id
        else None
    )
    if extra is None:
        extra = _extra(person.id, data)
        db.session.add(extra)
    else:
        extra.external_id, extra.department = data.external_id, data.department
        extra.unit, extra.manager_id = data.unit, data.manager_id
        extra.preferred_language = data.preferred_language
    db.session.flush()
    if fields:
        record("person.updated", target=person, fields=fields, source=SOURCE)
    changed = [person.id] if "unit" in fields else []
    if data.active != person.active:
        if data.active:
            _reactivate(person)
            changed.append(person.id)
        else:
            deactivate(person)
            fields.append("active")
            return fields
        fields.append("active")
    audit = Batch()
    changed += _make_manager(manager, person, audit)
    audit.write()
    if changed:
        pending.queue(changed)
    return fields


def _reactivate(person: Person) -> None:
    person.active = True
    person.deactivated_at = None
    db.session.flush()
    record("person.reactivated", target=person, reason=SOURCE)


def deactivate(person: Person) -> bool:
    """The directory disabled or deleted the user: no sign-in, sessions end, history kept."""
    if not person.active:
        return False
    now = utcnow()
    person.active = False
    person.deactivated_at = now
    person.session_version += 1
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.person_id == person.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, remember_hash=None)
    )
    db.session.flush()
    record("person.deactivated", target=person, reason=SOURCE)
    pending.queue([person.id])
    return True


def _make_manager(manager: _Manager | None, person: Person, audit: Batch) -> list[int]:
    """The HR import's manager column: the manager manages the person's unit (and is a manager).
    Writes the rows at once; the caller writes `audit`."""
    if manager is None or person.unit_id is None or manager.manages_unit:
        return []
    boss = manager.person
    db.session.execute(insert(UnitManager).values(person_id=boss.id, unit_id=person.unit_id))
    audit.record("person.managed_units_changed", target=boss, added=[person.unit_id],
                 source=SOURCE)  # fmt: skip
    if boss.manages_units:
        return []
    # Their first unit makes them a manager (derived, nothing stored): audit-logged as a change
    # of roles.
    roles = set(db.session.scalars(select(PersonRole.role).where(PersonRole.person_id == boss.id)))
    set_committed_value(boss, "manages_units", True)
    audit.record("person.roles_changed", target=boss, before=sorted(roles),
                 after=sorted(roles | {Role.MANAGER.value}), source=SOURCE)  # fmt: skip
    return [boss.id]


def find(filters: list[p.Filter]) -> Any:
    """The SELECT of the people a user filter selects (every comparison holds; anonymised people
    are not users)."""
    stmt = select(Person).where(Person.anonymised_at.is_(None))
    for term in filters:
        stmt = stmt.where(_condition(term))
    return stmt


def _condition(term: p.Filter) -> Any:
    if term.attribute in ("username", "emails", "emails.value"):
        return Person.email == term.value.strip().lower()
    if term.attribute == "id":
        raw = term.value.strip()
        if not is_digits(raw) or len(raw) > 10:
            return false()
        return Person.id == int(raw)
    if term.attribute == "externalid":
        return Person.id.in_(select(ScimUser.person_id).where(ScimUser.external_id == term.value))
    if term.attribute in (f"{_ENT}:employeenumber", "employeenumber"):
        return Person.employee_number == term.value
    if term.attribute == "active":
        try:
            return Person.active.is_(p.boolean(term.value, "active"))
        except p.ScimError:
            raise p.bad("active can only be compared with true or false", "invalidFilter") from None
    raise p.bad("unsupported filter", "invalidFilter")


USER_FILTERS = {
    "username", "externalid", "id", "active", "emails", "emails.value", f"{_ENT}:employeenumber",
}  # fmt: skip
USER_SORTS: dict[str, Any] = {
    "username": Person.email,
    "emails": Person.email,
    "emails.value": Person.email,
    "displayname": in_swedish_order(Person.name),
    "name.formatted": in_swedish_order(Person.name),
    "title": in_swedish_order(Person.job_title),
    "active": Person.active,
    "id": Person.id,
    "meta.created": Person.created_at,
}
