"""The audit log for admins and coordinators: filter, page, export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.admin import audit_details, audit_log, audit_names
from learnapp.admin.blueprint import bp
from learnapp.admin.forms import AuditFilterForm
from learnapp.admin.views import READERS
from learnapp.admin.views_people import page_number
from learnapp.audit.services import record
from learnapp.auth.ratelimit import export_limited
from learnapp.bounds import query_int
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.permissions import roles_required
from learnapp.spreadsheets import CsvColumns, csv_response, local_converter
from learnapp.swedish import sort_key

PER_PAGE = 50
# The export's columns: when (a local date-time), then text but the object id (an integer).
AUDIT_CSV = CsvColumns(text=(1, 2, 3, 5, 6), moments=(0,))


def _filter() -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(request.args)
    named = [(a, audit_names.action_name(a) or a) for a in audit_log.actions()]
    form.action.choices = [("", _("All actions")), *sorted(named, key=lambda c: sort_key(c[1]))]
    form.validate()
    return form, audit_log.AuditFilter(
        action=form.action.data or "",
        actor=form.actor.data or "",
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        person_id=query_int("target"),
    )


@bp.route("/audit")
@roles_required(*READERS)
def audit() -> str:
    form, filters = _filter()
    page = page_number()
    rows, total = audit_log.page(filters, page, PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "admin/audit.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        args=args,
        object_names=audit_names.object_names(event for event, _email in rows),
        details=audit_details.details(event for event, _email in rows),
        action_name=audit_names.action_name,
        kind_name=audit_names.kind_name,
    )


@bp.route("/audit.csv")
@roles_required(*READERS)
@export_limited
def audit_csv() -> Response:
    _form, filters = _filter()
    record(
        "export.audit_log",
        actor=current_user,
        action_filter=filters.action,
        actor_filter=filters.actor,
        date_from=str(filters.date_from or ""),
        date_to=str(filters.date_to or ""),
    )
    db.session.commit()
    headers = [_("When"), _("Action"), _("Done by"), _("Object type"), _("Object id"),
               _("Client address"), _("Details")]  # fmt: skip

    to_local = local_converter()

    def rows() -> Iterator[list[Any]]:
        for row in audit_log.export_rows(filters):
            row[0] = to_local(row[0])
            yield row

    name = f"audit-log-{utcnow():%Y%m%d}.csv"
    return csv_response(name, headers, rows(), AUDIT_CSV)
