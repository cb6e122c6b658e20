"""SCIM Groups: the directory's groups and their members, and the roles and key-person flag that
an admin has mapped to a group. A member gains the group's role and flag; a person who leaves
every group that gives a role or the flag loses it. Set-based, audit-logged, announced."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, false, func, insert, select, update

from learnapp import signals
from learnapp.audit.services import record, record_many
from learnapp.bounds import is_digits
from learnapp.db import id_set
from learnapp.extensions import db
from learnapp.org.models import STORED_ROLES, Person, PersonRole
from learnapp.scim import protocol as p
from learnapp.scim.models import ScimGroup, ScimGroupMember
from learnapp.swedish import in_swedish_order

SOURCE = "scim"
GROUP_FILTERS = {"displayname", "externalid", "id"}


def resource(group: ScimGroup, members: list[int] | None, base: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [p.GROUP],
        "id": str(group.id),
        "displayName": group.display_name,
        "meta": {
            "resourceType": "Group",
            "created": group.created_at.isoformat(),
            "location": f"{base}/Groups/{group.id}",
        },
    }
    if group.external_id:
        body["externalId"] = group.external_id
    if members is not None:
        body["members"] = [{"value": str(m), "$ref": f"{base}/Users/{m}"} for m in members]
    return body


def members_of(group_ids: list[int]) -> dict[int, list[int]]:
    """Each group's member ids, in one query."""
    found: dict[int, list[int]] = {g: [] for g in group_ids}
    if not group_ids:
        return found
    for group_id, person_id in db.session.execute(
        select(ScimGroupMember.group_id, ScimGroupMember.person_id)
        .where(ScimGroupMember.group_id.in_(group_ids))
        .order_by(ScimGroupMember.person_id)
    ):
        found[group_id].append(person_id)
    return found


def find(filters: list[p.Filter]) -> Any:
    """The SELECT of the groups a filter selects (every comparison holds)."""
    stmt = select(ScimGroup)
    for term in filters:
        if term.attribute == "displayname":
            stmt = stmt.where(func.lower(ScimGroup.display_name) == term.value.lower())
        elif term.attribute == "externalid":
            stmt = stmt.where(ScimGroup.external_id == term.value)
        else:
            raw = term.value.strip()
            valid = is_digits(raw) and len(raw) <= 10
            stmt = stmt.where(ScimGroup.id == int(raw) if valid else false())
    return stmt


GROUP_SORTS: dict[str, Any] = {
    "displayname": in_swedish_order(ScimGroup.display_name),
    "externalid": ScimGroup.external_id,
    "id": ScimGroup.id,
    "meta.created": ScimGroup.created_at,
}


def _member_ids(value: Any) -> list[int]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise p.bad("members must be a list of objects with a value")
    ids = []
    for item in value:
        raw = str(item.get("value", "")).strip() if isinstance(item, dict) else ""
        if not is_digits(raw) or len(raw) > 10 or int(raw) > 2**31 - 1:
            raise p.bad(f"members: not the id of a user here: {raw[:50]}")
        ids.append(int(raw))
    known = set(db.session.scalars(select(Person.id).where(Person.id.in_(id_set(ids, db.session)))))
    unknown = sorted(set(ids) - known)
    if unknown:
        raise p.bad(f"members: no user with id {unknown[0]}")
    return sorted(set(ids))


def _check_name(name: Any, except_id: int | None) -> str:
    text = p.text(name, "displayName", 200)
    if not text:
        raise p.bad("displayName is required")
    holder = db.session.scalar(
        select(ScimGroup.id).where(func.lower(ScimGroup.display_name) == text.lower())
    )
    if holder is not None and holder != except_id:
        raise p.ScimError(409, "Another group already has this displayName", "uniqueness")
    return text


def _check_external_id(value: Any, except_id: int | None) -> str | None:
    text = p.text(value, "externalId", 200) or None
    if text:
        holder = db.session.scalar(select(ScimGroup.id).where(ScimGroup.external_id == text))
        if holder is not None and holder != except_id:
            raise p.ScimError(409, "Another group already has this externalId", "uniqueness")
    return text


def create(body: Any) -> ScimGroup:
    if not isinstance(body, dict):
        raise p.bad("The body must be a JSON object", "invalidSyntax")
    name = _check_name(body.get("displayName"), None)
    external_id = _check_external_id(body.get("externalId"), None)
    members = _member_ids(body.get("members") or [])
    group = ScimGroup(display_name=name, external_id=external_id)
    db.session.add(group)
    db.session.flush()
    record("scim.group_created", target=group, name=name)
    set_members(group, members)
    return group


def replace_group(group: ScimGroup, body: Any) -> None:
    if not isinstance(body, dict):
        raise p.bad("The body must be a JSON object", "invalidSyntax")
    group.display_name = _check_name(body.get("displayName"), group.id)
    group.external_id = _check_external_id(body.get("externalId"), group.id)
    set_members(group, _member_ids(body.get("members") or []))


def patch(group: ScimGroup, operations: list[p.Operation]) -> None:
    members = set(members_of([group.id])[group.id])
    wanted = set(members)
    for op in operations:
        attr = op.path.attribute if op.path else None
        if op.path is None:
            values = {str(k).lower(): v for k, v in op.value.items()}
            if "displayname" in values:
                group.display_name = _check_name(values["displayname"], group.id)
            if "externalid" in values:
                group.external_id = _check_external_id(values["externalid"], group.id)
            if "members" in values:
                ids = set(_member_ids(values["members"]))
                wanted = ids if op.op == "replace" else wanted | ids
        elif attr == "displayname":
            if op.op == "remove":
                raise p.bad("displayName cannot be removed", "mutability")
            group.display_name = _check_name(op.value, group.id)
        elif attr == "externalid":
            group.external_id = (
                None if op.op == "remove" else _check_external_id(op.value, group.id)
            )
        elif attr == "members":
            if op.op == "remove" and op.path is not None and op.path.filter_attr == "value":
                ids = set(_member_ids([{"value": op.path.filter_value}]))
            elif op.op == "remove" and op.value is None:
                ids = set(wanted)  # remove every member
            else:
                ids = set(_member_ids(op.value))
            if op.op == "add":
                wanted |= ids
            elif op.op == "remove":
                wanted -= ids
            else:
                wanted = ids
        else:
            raise p.bad(f"Unknown attribute of a group: {op.path.attribute[:100]}", "invalidPath")
    db.session.flush()
    if wanted != members:
        set_members(group, sorted(wanted))


def set_members(group: ScimGroup, wanted: Collection[int]) -> None:
    """Make the group's members exactly `wanted`; roles and flags follow for those who changed."""
    have = set(members_of([group.id])[group.id])
    added, removed = sorted(set(wanted) - have), sorted(have - set(wanted))
    if added:
        db.session.execute(
            insert(ScimGroupMember), [{"group_id": group.id, "person_id": i} for i in added]
        )
    if removed:
        db.session.execute(
            delete(ScimGroupMember).where(
                ScimGroupMember.group_id == group.id,
                ScimGroupMember.person_id.in_(id_set(removed, db.session)),
            )
        )
    if added or removed:
        record("scim.group_members_changed", target=group, added=added, removed=removed)
        sync_people([*added, *removed], key_changed=group.key_person)


def delete_group(group: ScimGroup) -> None:
    people = members_of([group.id])[group.id]
    record("scim.group_deleted", target=group, name=group.display_name, members=len(people))
    db.session.execute(delete(ScimGroupMember).where(ScimGroupMember.group_id == group.id))
    was_key = group.key_person
    db.session.delete(group)
    db.session.flush()
    sync_people(people, key_changed=was_key)


def mapped_roles() -> set[str]:
    return {
        r
        for r in db.session.scalars(select(ScimGroup.role).where(ScimGroup.role.is_not(None)))
        if r
    }


def sync_people(person_ids: Collection[int], key_changed: bool = False) -> None:
    """Give the people the roles their groups give, and take away those that only a group gave:
    a role that some mapped group gives is the directory's to keep or remove. (No group gives
    the manager role: that is managing a unit, from the users' `manager` attribute.) With `key_changed` (they joined or left a
    key-person group), the key-person flag is set to whether they are in one."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    chosen = id_set(ids, db.session)
    given: dict[int, set[str]] = {i: set() for i in ids}
    key: set[int] = set()
    for person_id, role, is_key in db.session.execute(
        select(ScimGroupMember.person_id, ScimGroup.role, ScimGroup.key_person)
        .join(ScimGroup, ScimGroup.id == ScimGroupMember.group_id)
        .where(ScimGroupMember.person_id.in_(chosen))
    ):
        if role:
            given[person_id].add(role)
        if is_key:
            key.add(person_id)
    managed = mapped_roles()
    held: dict[int, set[str]] = {i: set() for i in ids}
    for person_id, role in db.session.execute(
        select(PersonRole.person_id, PersonRole.role).where(PersonRole.person_id.in_(chosen))
    ):
        held[person_id].add(role)
    add, remove, audit = [], [], []
    for person_id in ids:
        # Roles no group gives stay as they are; a role some group gives is held iff given.
        after = (held[person_id] - (managed - given[person_id])) | given[person_id]
        add += [(person_id, r) for r in sorted(after - held[person_id])]
        remove += [(person_id, r) for r in sorted(held[person_id] - after)]
        if after != held[person_id]:
            audit.append(("person", person_id, {"before": sorted(held[person_id]),
                                                "after": sorted(after), "source": SOURCE}))  # fmt: skip
    if add:
        db.session.execute(insert(PersonRole), [{"person_id": i, "role": r} for i, r in add])
    for person_id, role in remove:
        db.session.execute(
            delete(PersonRole).where(PersonRole.person_id == person_id, PersonRole.role == role)
        )
    record_many("person.roles_changed", audit)
    flips: list[int] = []
    if key_changed:  # only people who joined or left a key-person group, or whose group changed
        current = dict(
            db.session.execute(
                select(Person.id, Person.is_key_person).where(Person.id.in_(chosen))
            ).all()
        )
        flips = [i for i in ids if current.get(i) is not None and current[i] != (i in key)]
        for value in (True, False):
            group = [i for i in flips if (i in key) is value]
            if group:
                db.session.execute(
                    update(Person)
                    .where(Person.id.in_(id_set(group, db.session)))
                    .values(is_key_person=value, **({} if value else {"key_function": ""}))
                    .execution_options(synchronize_session=False)
                )
        record_many(
            "person.updated",
            [("person", i, {"fields": ["is_key_person"], "source": SOURCE}) for i in flips],
        )
    changed = sorted({i for i, _ in add} | {i for i, _ in remove} | set(flips))
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Person) and obj.id in changed:
            db.session.expire(obj)
    if changed:
        signals.people_changed.send(changed=changed)


class UnmappableRole(ValueError):
    """A group cannot give this role (the manager role follows the managed units)."""


def set_mapping(group: ScimGroup, role: str | None, key_person: bool, actor: Person) -> bool:
    """An admin maps a group to a role and/or the key-person flag; members follow at once.
    Raises UnmappableRole for any role but coordinator and admin."""
    if role is not None and role not in {r.value for r in STORED_ROLES}:
        raise UnmappableRole(role)
    if (group.role, group.key_person) == (role, key_person):
        return False
    before = {"role": group.role, "key_person": group.key_person}
    old_role, old_key = group.role, group.key_person
    group.role, group.key_person = role, key_person
    db.session.flush()
    record("scim.group_mapped", actor=actor, target=group, before=before, role=role,
           key_person=key_person)  # fmt: skip
    people = members_of([group.id])[group.id]
    if old_role and old_role != role:
        # Holders of the old role through this group alone lose it (no other group gives it).
        _drop_unmapped_role(old_role, people)
    sync_people(people, key_changed=old_key != key_person)
    return True


def _drop_unmapped_role(role: str, people: list[int]) -> None:
    if not people or role in mapped_roles():
        return
    held = set(
        db.session.scalars(
            select(PersonRole.person_id).where(
                PersonRole.role == role, PersonRole.person_id.in_(id_set(people, db.session))
            )
        )
    )
    if held:
        db.session.execute(
            delete(PersonRole).where(
                PersonRole.role == role, PersonRole.person_id.in_(id_set(held, db.session))
            )
        )
        record_many(
            "person.roles_changed",
            [("person", i, {"removed": role, "source": SOURCE}) for i in sorted(held)],
        )
