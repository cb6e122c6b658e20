"""The comparison of two inventories as a CSV file: one row per department and area, with the
same suppression of small cells as the page."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.audit.services import record
from learnapp.bounds import query_int
from learnapp.extensions import db
from learnapp.needs import reports, services
from learnapp.needs.access import get_inventory_or_404
from learnapp.needs.blueprint import bp
from learnapp.needs.models import NeedsInventory
from learnapp.org.models import Role
from learnapp.permissions import roles_required
from learnapp.spreadsheets import csv_response, slug

COORDINATION = (Role.COORDINATOR, Role.ADMIN)


def _share(cell: reports.Cell | None) -> float | None:
    return cell.share_great if cell is not None else None


def _knowledge(cell: reports.Cell | None) -> float | None:
    return cell.avg_knowledge if cell is not None else None


def _answers(cell: reports.Cell | None) -> int:
    return cell.answers if cell is not None else 0


@bp.route("/<int:inventory_id>/compare.csv")
@roles_required(*COORDINATION)
def compare_csv(inventory_id: int) -> Response:
    after = get_inventory_or_404(inventory_id)
    before_id = query_int("with")
    before = db.session.get(NeedsInventory, before_id) if before_id else None
    if before is None or before.id == after.id:
        abort(404)
    minimum = int(current_app.config["NEEDS_MIN_RESPONDENTS"])
    changes = reports.comparison(before, after)
    language = current_user.language or "sv"
    directions = {
        "more": _("More great need"),
        "less": _("Less great need"),
        "same": _("About the same"),
    }
    rows: list[list[Any]] = []
    for dept in reports.departments_in(changes):
        for area in services.inventory_areas(after):
            ch = changes.get((dept.id, area.id))
            b, a = (ch.before, ch.after) if ch else (None, None)
            n_before, n_after = _answers(b), _answers(a)
            small = 0 < n_before < minimum or 0 < n_after < minimum
            if small:
                figures: list[Any] = ["", "", "", "", "", _("fewer than %(n)d answers", n=minimum)]
            else:
                change = ch.share_change if ch else None
                figures = [
                    _share(b),
                    _share(a),
                    round(change * 100) if change is not None else "",
                    _knowledge(b),
                    _knowledge(a),
                    directions[ch.direction] if ch and change is not None else _("not in both"),
                ]
            rows.append([dept.name, area.name(language), *figures, n_before, n_after])
    headers = [
        _("Department"),
        _("Competence area"),
        _("Great need before (share)"),
        _("Great need after (share)"),
        _("Change (percentage points)"),
        _("Knowledge before (1–4)"),
        _("Knowledge after (1–4)"),
        _("Change"),
        _("Answers before"),
        _("Answers after"),
    ]
    record(
        "needs.comparison_exported",
        actor=current_user,
        target=after,
        client_address=request.remote_addr,
        before_id=before.id,
    )
    db.session.commit()
    name = f"jamforelse-{slug(before.title)}-{slug(after.title)}.csv"
    return csv_response(name, headers, rows)
