"""The coordinator's overview, and the exports of the manager's and the
coordinator's tables. Every export is written to the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import IO, Any

from flask import Response, abort, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnapp import spreadsheets
from learnapp.auth.ratelimit import export_limited
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Department
from learnapp.permissions import get_unit_or_404, roles_required
from learnapp.training import exports, figures, subtrees
from learnapp.training.blueprint import bp
from learnapp.training.views import (
    COORDINATION,
    FOLLOWERS,
    audit,
    filters_from_request,
    unit_page,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> Any:
    return spreadsheets.local(utcnow()).date()  # type: ignore[union-attr]


def _audit(kind: str, fmt: str, target: Any = None) -> None:
    """Log an export and commit it before the file is streamed."""
    audit(f"exported_{kind}", target, format=fmt)
    db.session.commit()


def _xlsx(name: str, handle: IO[bytes]) -> Response:
    return send_file(handle, mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)


@bp.route("/overview")
@roles_required(*COORDINATION)
def overview() -> ResponseReturnValue:
    today = utcnow().date()
    series = figures.month_series(
        figures.completions_per_month(utcnow() - timedelta(days=370)), today
    )
    return render_template(
        "training/overview.html",
        departments=figures.departments(),
        courses=figures.courses_counted(),
        cells=figures.department_cells(),
        series=series,
        peak=max([n for _m, n in series] + [1]),
    )


@bp.route("/overview/departments/<int:department_id>")
@roles_required(*COORDINATION)
def overview_department(department_id: int) -> ResponseReturnValue:
    department = db.session.get(Department, department_id) or abort(404)
    return render_template(
        "training/overview_department.html",
        department=department,
        table=subtrees.top_units(department),
    )


@bp.route("/overview/units/<int:unit_id>")
@roles_required(*COORDINATION)
def overview_unit(unit_id: int) -> ResponseReturnValue:
    return unit_page(unit_id, coordinator_view=True)


@bp.route("/report")
@roles_required(*COORDINATION)
def report() -> ResponseReturnValue:
    """The status report moved to the reports feature; old bookmarks still arrive."""
    return redirect(url_for("reports.report"), 301)


@bp.route("/overview.<any(csv, xlsx):fmt>")
@roles_required(*COORDINATION)
@export_limited
def overview_export(fmt: str) -> ResponseReturnValue:
    _audit("overview", fmt)
    name = f"utbildningsoversikt-{_today().isoformat()}.{fmt}"
    headers, rows = exports.overview_headers(), exports.overview_rows()
    if fmt == "csv":
        return spreadsheets.csv_response(name, headers, rows)
    return _xlsx(name, exports.workbook(_("Overview"), headers, rows, [34, 34] + [14] * 7, {4, 8}))


@bp.route("/team/units/<int:unit_id>/export.<any(csv, xlsx):fmt>")
@roles_required(*FOLLOWERS)
@export_limited
def team_export(unit_id: int, fmt: str) -> ResponseReturnValue:
    unit = get_unit_or_404(unit_id)
    _form, filters = filters_from_request(unit)
    _audit("team", fmt, target=unit)
    name = exports.file_name("utbildning", unit.name, _today(), fmt)
    headers, rows = exports.people_headers(), exports.people_rows(unit, filters)
    if fmt == "csv":
        return spreadsheets.csv_response(name, headers, rows, exports.PEOPLE_CSV)
    widths = [28, 30, 24, 10, 34, 16, 10, 12, 10, 10, 16, 16, 8]
    return _xlsx(name, exports.workbook(_("Training"), headers, rows, widths, {12}))
