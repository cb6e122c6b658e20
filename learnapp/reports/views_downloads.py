"""The status report's downloads, live or saved; every download is written to the audit log."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO, Any, cast

from flask import abort, request, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user

from learnapp import spreadsheets
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.permissions import roles_required
from learnapp.reports import present, queries
from learnapp.reports.blueprint import bp
from learnapp.reports.dates import local_today
from learnapp.reports.views import COORDINATION, choice_form, get_saved_or_404, period_of

Writer = Callable[[present.Document], IO[bytes]]
# Each format's writer is the `write` of learnapp/reports/files/<format>.py, imported at the first
# download: fpdf2 (with fontTools and Pillow) and python-docx (with lxml) are some 30 MB of a
# worker's memory that most workers never use.
FORMATS: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _writer(fmt: str) -> Writer:
    return cast(Writer, importlib.import_module(f"learnapp.reports.files.{fmt}").write)


def _send(doc: present.Document, fmt: str, name: str, target: Any, **details: Any) -> Any:
    mimetype = FORMATS.get(fmt) or abort(404)
    handle = _writer(fmt)(doc)
    record(
        "reports.downloaded",
        actor=current_user,
        target=target,
        client_address=request.remote_addr,
        format=fmt,
        **details,
    )
    db.session.commit()
    return send_file(
        handle, mimetype=mimetype, as_attachment=True, download_name=f"{name}.{fmt}", max_age=0
    )


@bp.route("/report.<fmt>")
@roles_required(*COORDINATION)
def report_download(fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        abort(404)
    form, valid = choice_form()
    if not valid:
        abort(400)
    start, end, choice = period_of(form)
    data = queries.build(start, end, choice, utcnow())
    name = f"lagesrapport-{local_today().isoformat()}"
    return _send(
        present.document(data),
        fmt,
        name,
        None,
        start=data["period"]["start"],
        end=data["period"]["end"],
    )


@bp.route("/saved/<int:report_id>.<fmt>")
@roles_required(*COORDINATION)
def saved_download(report_id: int, fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        abort(404)
    saved = get_saved_or_404(report_id)
    name = f"lagesrapport-{spreadsheets.slug(saved.title)}-{saved.saved_at.date().isoformat()}"
    return _send(present.document(saved.data, saved), fmt, name, saved)
