"""The audit log in words: what each kind of event is called, and what its object is named.

Events are stored with a stable code (`person.created`), which the CSV export keeps for machines;
the page shows the name in the reader's language, and the object by its name ("Eva Lund", not
"person 86"). A code without a name here is shown as code (a test lists the codes in the source).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory
from learnapp.org.models import Department, Person, Unit
from learnapp.reports.models import SavedReport
from learnapp.routines.models import Routine

ACTIONS: dict[str, Any] = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Sign-in failed"),
    "auth.login_throttled": _l("Sign-in held back after failed attempts"),
    "auth.logout": _l("Signed out"),
    "auth.signed_out_everywhere": _l("Signed out everywhere"),
    "auth.password_changed": _l("Password changed"),
    "auth.password_reset": _l("Password reset"),
    "auth.mfa_enrolled": _l("Two-step sign-in set up"),
    "auth.mfa_passed": _l("Two-step code accepted"),
    "auth.mfa_failed": _l("Wrong two-step code"),
    "auth.mfa_throttled": _l("Two-step sign-in held back after wrong codes"),
    "auth.mfa_reset": _l("Two-step sign-in reset"),
    "auth.recovery_code_used": _l("Recovery code used"),
    "auth.invitation_accepted": _l("Invitation accepted"),
    "auth.login_refused": _l("Password sign-in refused (single sign-on only)"),
    "auth.sso_failed": _l("Single sign-on failed"),
    "auth.sso_refused": _l("Single sign-on refused"),
    "course.synced": _l("Course updated from its files"),
    "course.unpublished": _l("Course unpublished"),
    "course.created": _l("Course created"),
    "course.published": _l("Course published"),
    "course.imported": _l("Course imported from a package"),
    "course.exported": _l("Course exported as a package"),
    "course_editor.added": _l("Course editor added"),
    "course_editor.removed": _l("Course editor removed"),
    "export.audit_log": _l("Audit log exported"),
    "mail.inventory_reminded": _l("Inventory reminder sent"),
    "mail.unit_reminded": _l("Unit reminded of overdue courses"),
    "mail.send_again": _l("Failed e-mail sent again"),
    "needs.entered_by_manager": _l("Answers entered by a manager"),
    "needs.exported": _l("Inventory answers exported"),
    "needs.inventory_opened": _l("Inventory opened"),
    "needs.inventory_closed": _l("Inventory closed"),
    "needs.inventory_copied": _l("Inventory copied"),
    "needs.comparison_exported": _l("Inventory comparison exported"),
    "needs.latecomers_added": _l("People who joined later added to the inventory"),
    "org.department_created": _l("Department created"),
    "org.department_renamed": _l("Department renamed"),
    "org.unit_created": _l("Unit created"),
    "org.unit_renamed": _l("Unit renamed"),
    "org.unit_moved": _l("Unit moved"),
    "org.units_merged": _l("Units merged"),
    "people.import": _l("People imported from the HR file"),
    "person.created": _l("Person added"),
    "person.invited": _l("Invitation sent"),
    "person.updated": _l("Person changed"),
    "person.roles_changed": _l("Roles changed"),
    "person.managed_units_changed": _l("Managed units changed"),
    "person.password_set": _l("Password set by an administrator"),
    "person.deactivated": _l("Person deactivated"),
    "person.reactivated": _l("Person reactivated"),
    "person.anonymised": _l("Person anonymised"),
    "privacy.data_downloaded": _l("Own data downloaded"),
    "quiz.import": _l("Questions imported"),
    "quiz.export": _l("Questions exported"),
    "quizzes.certificate_downloaded": _l("Certificate downloaded"),
    "reports.downloaded": _l("Status report downloaded"),
    "reports.saved": _l("Status report saved"),
    "reports.snapshot_taken": _l("Status report figures saved"),
    "routines.created": _l("Routine created"),
    "routines.draft_saved": _l("Routine draft saved"),
    "routines.published": _l("Routine published"),
    "routines.scope_changed": _l("Routine's scope changed"),
    "routines.editor_added": _l("Routine editor added"),
    "routines.editor_removed": _l("Routine editor removed"),
    "routines.reminded": _l("Routine reminder sent"),
    "routines.exported": _l("Routine acknowledgements exported"),
    "routines.exported_files": _l("Routine files exported"),
    "training.rule_created": _l("Assignment rule created"),
    "training.rule_removed": _l("Assignment rule removed"),
    "training.reminder_sent": _l("Reminder sent by a manager"),
    "training.assigned_from_needs": _l("Courses assigned from training needs"),
    "training.exported_overview": _l("Training overview exported"),
    "training.exported_team": _l("Unit's training exported"),
    "people.bulk": _l("Many people changed at once"),
    "scim.token_created": _l("SCIM token created"),
    "scim.token_revoked": _l("SCIM token revoked"),
    "scim.group_created": _l("Directory group created"),
    "scim.group_deleted": _l("Directory group deleted"),
    "scim.group_members_changed": _l("Directory group's members changed"),
    "scim.group_mapped": _l("Directory group's role changed"),
}

KINDS: dict[str, Any] = {
    "person": _l("Person"),
    "department": _l("Department"),
    "unit": _l("Unit"),
    "course": _l("Course"),
    "routine": _l("Routine"),
    "needs_inventory": _l("Inventory"),
    "saved_report": _l("Status report"),
    "assignment_rule": _l("Assignment rule"),
    "scim_token": _l("SCIM token"),
    "scim_group": _l("Directory group"),
}

# The column that names an object of each kind.
_NAMES = {
    "person": Person.name,
    "department": Department.name,
    "unit": Unit.name,
    "course": Course.title,
    "routine": Routine.draft_title,
    "needs_inventory": NeedsInventory.title,
    "saved_report": SavedReport.title,
}


def action_name(code: str) -> str | None:
    """The event's name in the reader's language, or None for a code without one."""
    name = ACTIONS.get(code)
    return None if name is None else str(name)


def kind_name(kind: str | None) -> str:
    return str(KINDS.get(kind or "", kind or ""))


def object_names(events: Iterable[AuditEvent]) -> dict[tuple[str, int], str]:
    """{(kind, id): name} for the events' objects: one query per kind on the page."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.target_type in _NAMES and event.target_id is not None:
            wanted[event.target_type].add(event.target_id)
    return names_of(wanted)


def names_of(wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """{(kind, id): name} for the objects wanted of each kind: one query per kind."""
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        if kind not in _NAMES or not ids:
            continue
        column = _NAMES[kind]
        table = column.class_
        for object_id, name in db.session.execute(
            select(table.id, column).where(table.id.in_(ids))
        ):
            names[(kind, object_id)] = str(name)
    return names
