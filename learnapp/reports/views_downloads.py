"""The status report's downloads, live or saved; every download is written to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

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
from learnapp.reports.files import docx, pdf, xlsx
from learnapp.reports.views import COORDINATION, choice_form, get_saved_or_404, period_of

Writer = Callable[[present.Document], IO[bytes]]
FORMATS: dict[str, tuple[Writer, str]] = {
    "pdf": (pdf.write, "application/pdf"),
    "docx": (
        docx.write,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (xlsx.write, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _send(doc: present.Document, fmt: str, name: str, target: Any, **details: Any) -> Any:
    writer, mimetype = FORMATS.get(fmt) or abort(404)
    handle = writer(doc)
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
