"""An audit event's details in words, for the audit log's page.

Events store their details under stable keys (`unit_id`, `before_parent`) with stored values
(ids, role codes, ISO dates), which the CSV export keeps for machines. The page names each key in
the reader's language and shows each value readably: an object by its name, a role or a source by
its name, a date in the house style, yes or no, a list joined. A key without a name here is shown
as code (a test lists the keys in the source).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learnapp import formats
from learnapp.admin.audit_names import names_of
from learnapp.admin.forms import ROLE_LABELS
from learnapp.audit.models import AuditEvent

DETAILS: dict[str, Any] = {
    "action_filter": _l("Filter: action"),
    "actor_filter": _l("Filter: done by"),
    "added": _l("Added"),
    "after": _l("After the change"),
    "answers": _l("Answers"),
    "area": _l("Competence area"),
    "assignments": _l("Assignments"),
    "before": _l("Before the change"),
    "before_id": _l("Compared with the inventory"),
    "before_parent": _l("Previous parent unit"),
    "bulk_action": _l("Change"),
    "change_note": _l("Note on the change"),
    "changed": _l("Changed"),
    "closes_on": _l("Closing date"),
    "copied_from": _l("Copied from"),
    "course": _l("Course"),
    "courses": _l("Courses"),
    "created": _l("Created"),
    "date_from": _l("Filter: from"),
    "date_to": _l("Filter: to"),
    "deactivated": _l("Deactivated"),
    "department_id": _l("Department"),
    "departments": _l("New departments"),
    "detail": _l("Detail"),
    "due_days": _l("Days until the due date"),
    "email": _l("E-mail address"),
    "end": _l("Period ends"),
    "errors": _l("Errors"),
    "fields": _l("Changed fields"),
    "filename": _l("File name"),
    "files": _l("Files written"),
    "folder": _l("Course folder"),
    "format": _l("File format"),
    "key_person": _l("Key person"),
    "major": _l("Major change"),
    "managed_units": _l("Units managed"),
    "managers": _l("Managers"),
    "mandatory": _l("Mandatory"),
    "members": _l("Members"),
    "merged_name": _l("Name of the merged unit"),
    "merged_unit": _l("Merged unit"),
    "method": _l("Sign-in method"),
    "mode": _l("How"),
    "month": _l("Month"),
    "name": _l("Name"),
    "notify": _l("Told by e-mail"),
    "parent": _l("New parent unit"),
    "people": _l("People"),
    "person_id": _l("Person"),
    "previous": _l("Previous version"),
    "previous_closes_on": _l("Previous closing date"),
    "questions": _l("Questions"),
    "reason": _l("Reason"),
    "removed": _l("Removed"),
    "retake": _l("To be taken again"),
    "revision": _l("Draft revision"),
    "role": _l("Role"),
    "roles": _l("Roles"),
    "scope": _l("For whom"),
    "rows": _l("Rows in the file"),
    "sessions": _l("Sessions ended"),
    "slug": _l("Course's short name"),
    "source": _l("Source"),
    "source_id": _l("Copied from the inventory"),
    "start": _l("Period starts"),
    "submitted": _l("Submitted"),
    "template": _l("Template"),
    "unchanged": _l("Unchanged"),
    "unit": _l("Unit"),
    "unit_id": _l("Unit"),
    "units": _l("New units"),
    "version": _l("Version"),
    "withdrawn": _l("Assignments withdrawn"),
}

# Stored codes that a value of `source`, `reason`, `method`, `mode`, `bulk_action`, `scope` (an
# assignment rule's) may hold.
CODES: dict[str, Any] = {
    "bulk": _l("a change of many people"),
    "everyone": _l("everyone"),
    "department": _l("everyone in a department"),
    "key_persons": _l("key persons"),
    "unit": _l("a unit and the units below it"),
    "cli": _l("the command line"),
    "deactivate": _l("deactivate"),
    "extend": _l("add to the quiz"),
    "folder": _l("the courses folder"),
    "folder removed": _l("its folder was removed"),
    "hr_import": _l("the HR file"),
    "import": _l("an import"),
    "key_person": _l("make key persons"),
    "local_login_off": _l("password sign-in is turned off"),
    "manual": _l("by hand"),
    "needs": _l("training needs"),
    "not_key_person": _l("remove the key-person flag"),
    "oidc": _l("single sign-on"),
    "package": _l("a course package"),
    "password": _l("password"),
    "replace": _l("replace the quiz"),
    "role": _l("people with a role"),
    "retention": _l("the retention period ended"),
    "rule": _l("an assignment rule"),
    "scim": _l("the directory (SCIM)"),
    "sso": _l("single sign-on"),
}
CODED_KEYS = {"source", "reason", "method", "mode", "bulk_action", "scope"}

# A person's fields, as `fields` lists them.
FIELDS: dict[str, Any] = {
    "active": _l("active"),
    "deactivated_at": _l("deactivation date"),
    "email": _l("e-mail address"),
    "employee_number": _l("employee number"),
    "is_key_person": _l("key person"),
    "job_title": _l("job title"),
    "key_function": _l("key-person function"),
    "language": _l("language"),
    "name": _l("name"),
    "unit_id": _l("unit"),
    "work_phone": _l("work phone"),
}

ROLE_KEYS = {"role", "roles"}
ROLE_KEYS_OF = {
    ("person.roles_changed", "before"),
    ("person.roles_changed", "after"),
    ("scim.group_mapped", "before"),
}
# Keys whose values are identifiers (a course's or a template's short name, a folder): shown as code.
IDENTIFIER_KEYS = {"copied_from", "course", "folder", "slug", "template"}
DATE_KEYS = {"closes_on", "previous_closes_on", "start", "end", "date_from", "date_to"}

# Keys whose values are ids of objects: the kind of object, for every action or for one.
REFERENCES = {
    "before_id": "needs_inventory",
    "before_parent": "unit",
    "department_id": "department",
    "managed_units": "unit",
    "merged_unit": "unit",
    "parent": "unit",
    "person_id": "person",
    "source_id": "needs_inventory",
    "unit": "unit",
    "unit_id": "unit",
}
REFERENCES_OF = {
    ("person.managed_units_changed", "added"): "unit",
    ("person.managed_units_changed", "removed"): "unit",
    ("person.managed_units_changed", "before"): "unit",
    ("person.managed_units_changed", "after"): "unit",
    ("scim.group_members_changed", "added"): "person",
    ("scim.group_members_changed", "removed"): "person",
}


def _kind_of(action: str, key: str) -> str | None:
    return REFERENCES_OF.get((action, key)) or REFERENCES.get(key)


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _one(value: Any, key: str, action: str, names: dict[tuple[str, int], str]) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return formats.EMPTY
    kind = _kind_of(action, key)
    if kind is not None and isinstance(value, int):
        return names.get((kind, value), f"#{value}")
    if isinstance(value, int | float):
        return formats.number(value, "exact")
    text = str(value)
    if key in ROLE_KEYS or (action, key) in ROLE_KEYS_OF:
        return str(ROLE_LABELS.get(text, text))
    if key in CODED_KEYS and text in CODES:
        return str(CODES[text])
    if key == "fields" and text in FIELDS:
        return str(FIELDS[text])
    if key in DATE_KEYS:
        try:
            return formats.day(date.fromisoformat(text[:10]))
        except ValueError:
            return text
    if key == "month" and len(text) == 7:
        return formats.month(text)
    return text


def shown(value: Any, key: str, action: str, names: dict[tuple[str, int], str]) -> str:
    """A stored value as a reader reads it."""
    if isinstance(value, list):
        return ", ".join(_one(v, key, action, names) for v in value) or formats.EMPTY
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_one(v, key, action, names)}" for k, v in value.items())
    return _one(value, key, action, names)


def key_name(key: str) -> str | None:
    name = DETAILS.get(key)
    return None if name is None else str(name)


def details(events: Iterable[AuditEvent]) -> dict[int, list[tuple[str, str, bool, bool]]]:
    """{event id: [(label, value, label is a code, value is an identifier)]} for the page's events;
    the objects the details refer to are named with one query per kind."""
    events = list(events)
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for key, value in (event.details or {}).items():
            kind = _kind_of(event.action, key)
            if kind is not None:
                wanted[kind].update(_ids(value))
    names = names_of(wanted)
    result: dict[int, list[tuple[str, str, bool, bool]]] = {}
    for event in events:
        rows = []
        for key, value in (event.details or {}).items():
            label = key_name(key)
            text = shown(value, key, event.action, names)
            rows.append((label or key, text, label is None, key in IDENTIFIER_KEYS))
        result[event.id] = rows
    return result
