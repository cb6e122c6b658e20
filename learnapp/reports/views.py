"""The status report (coordinator): choose period and inventory, save, list and open saved ones,
take a snapshot on demand. Downloads are in views_downloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defer

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Role
from learnapp.permissions import roles_required
from learnapp.reports import present, queries, services
from learnapp.reports.blueprint import bp
from learnapp.reports.dates import local_today
from learnapp.reports.forms import ChoiceForm, SaveForm
from learnapp.reports.models import SavedReport

COORDINATION = (Role.COORDINATOR, Role.ADMIN)
FORMAT_NAMES = {
    "pdf": _l("PDF"),
    "docx": _l("Word (DOCX)"),
    "xlsx": _l("Excel (XLSX)"),
}  # the downloads offered, in the order shown


def default_period(today: date) -> tuple[date, date]:
    """From the day after the newest saved report's period (else 1 January) to today."""
    previous = queries.previous_report()
    if previous is not None and previous.period_end < today:
        return date.fromordinal(previous.period_end.toordinal() + 1), today
    return date(today.year, 1, 1), today


def _fill_choices(form: Any) -> None:
    form.inventory.choices = [("", _("Default: the newest closed, else the newest open"))] + [
        (inv.id, inv.title) for inv in queries.inventories()
    ]


def _chosen(form: Any, valid: bool) -> tuple[date, date, queries.InventoryChoice]:
    if valid:
        start, end = form.start.data, form.end.data
    else:
        start, end = default_period(local_today())
    return start, end, queries.choose_inventory(form.inventory.data)


def period_of(form: ChoiceForm) -> tuple[date, date, queries.InventoryChoice]:
    """The period and inventory of a valid choice form (the defaults when none was made)."""
    return _chosen(form, True)


@bp.context_processor
def _document() -> dict[str, Any]:
    return {"document": present.document, "formats": FORMAT_NAMES}


def choice_form() -> tuple[ChoiceForm, bool]:
    """The GET form; with no choice made it shows the defaults. Returns whether it was valid."""
    form = ChoiceForm(request.args)
    _fill_choices(form)
    if not request.args:
        form.start.data, form.end.data = default_period(local_today())
        return form, True
    return form, form.validate()


@bp.route("/")
@roles_required(*COORDINATION)
def report() -> ResponseReturnValue:
    form, valid = choice_form()
    start, end, choice = _chosen(form, valid)
    data = queries.build(start, end, choice, utcnow())
    save = SaveForm(formdata=None)
    save.inventory.choices = form.inventory.choices  # the same inventories: asked once
    save.start.data, save.end.data = start, end
    save.inventory.data = (
        choice.inventory.id if choice.how == "chosen" and choice.inventory else None
    )
    return render_template(
        "reports/report.html", form=form, save=save, data=data, saved=None, valid=valid
    )


@bp.route("/save", methods=["POST"])
@roles_required(*COORDINATION)
def save() -> ResponseReturnValue:
    form = SaveForm()
    _fill_choices(form)
    if not form.validate():
        start, end, choice = _chosen(form, False)
        data = queries.build(start, end, choice, utcnow())
        choice_form_ = ChoiceForm(formdata=None)
        _fill_choices(choice_form_)
        choice_form_.start.data, choice_form_.end.data = start, end
        page = render_template(
            "reports/report.html", form=choice_form_, save=form, data=data, saved=None, valid=True
        )
        return page, 400
    now = utcnow()
    start, end, choice = _chosen(form, True)
    saved = services.save_report(
        queries.build(start, end, choice, now),
        title=form.title.data or "",
        meeting_on=form.meeting_on.data,
        assessment=form.assessment.data or "",
        measures=form.measures.data or "",
        actor=current_user,
        now=now,
        client_address=request.remote_addr,
    )
    db.session.commit()
    flash(_("The report is saved. Its figures and text will not change."), "success")
    return redirect(url_for("reports.saved", report_id=saved.id))


@bp.route("/snapshot", methods=["POST"])
@roles_required(*COORDINATION)
def snapshot() -> ResponseReturnValue:
    now = utcnow()
    services.take_snapshot(local_today(now), now, current_user, request.remote_addr)
    db.session.commit()
    flash(_("This month's snapshot is stored; the trend uses it."), "success")
    return redirect(url_for("reports.report"))


@bp.route("/saved")
@roles_required(*COORDINATION)
def saved_list() -> ResponseReturnValue:
    reports = db.session.scalars(
        select(SavedReport)
        .options(
            defer(SavedReport.data), defer(SavedReport.assessment), defer(SavedReport.measures)
        )
        .order_by(SavedReport.saved_at.desc(), SavedReport.id.desc())
    ).all()
    return render_template("reports/saved_list.html", reports=reports)


def get_saved_or_404(report_id: int) -> SavedReport:
    return db.session.get(SavedReport, report_id) or abort(404)


@bp.route("/saved/<int:report_id>")
@roles_required(*COORDINATION)
def saved(report_id: int) -> ResponseReturnValue:
    report = get_saved_or_404(report_id)
    return render_template("reports/saved.html", saved=report, data=report.data)
