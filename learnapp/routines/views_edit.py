"""Editors' pages: the list, a new routine, the draft with preview, scope, publish, versions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from learnapp.bounds import bounded_int
from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org.models import Department, Unit
from learnapp.routines import diff, queries, services
from learnapp.routines.access import get_routine_to_edit_or_404
from learnapp.routines.blueprint import bp
from learnapp.routines.forms import DraftForm, NewRoutineForm, PublishForm, ScopeForm
from learnapp.routines.models import Routine
from learnapp.routines.render import render_markdown
from learnapp.routines.services import Draft, RoutineError
from learnapp.swedish import in_swedish_order


def error_message(code: str) -> str:
    return {
        "stale": _(
            "Someone else saved this draft while you were working on it. Your text has not been "
            "saved: compare it with the saved draft below, then save again."
        ),
        "unchanged": _("Nothing has changed since the published version."),
        "body_missing": _("The routine has no text yet."),
        "note_missing": _("Write a change note."),
        "title_missing": _("Write a title."),
        "body_too_long": _("The text is too long."),
        "summary_too_long": _("The text is too long."),
        "unit_outside_department": _("Choose units of the chosen department only."),
    }.get(code, _("The routine could not be saved."))


def _require_editor() -> None:
    if not services.is_editor(current_user):
        abort(403)


def _departments() -> list[Department]:
    stmt = select(Department).order_by(in_swedish_order(Department.name))
    if not services.edits_everything(current_user):
        stmt = stmt.where(Department.id.in_(services.edited_departments(current_user) or [-1]))
    return list(db.session.scalars(stmt))


def _scope_choices(form: ScopeForm, chosen: Iterable[int] = ()) -> picker.Picked:
    """The departments the editor may choose, and the units to offer: those chosen, and the
    departments' top units or those a search finds (not every unit of the organisation)."""
    departments = _departments()
    choices: list[tuple[str, str]] = []
    if services.edits_everything(current_user):
        choices.append(("", _("The whole organisation")))
    choices += [(str(d.id), d.name) for d in departments]
    form.department.choices = choices
    posted = [n for v in request.form.getlist("units") if (n := bounded_int(v)) is not None]
    picked = picker.pick(
        Unit.department_id.in_([d.id for d in departments] or [-1]),
        find=picker.posted_find(),
        keep=[*posted, *chosen],
        default=Unit.parent_id.is_(None),
    )
    form.units.choices = picked.options
    return picked


def _chosen_scope(form: ScopeForm) -> tuple[Department | None, list[Unit]] | None:
    """The department and units the form chose, or None (with a field error) if not allowed."""
    allowed = {str(value) for value, _label in form.department.choices}
    value = form.department.data or ""
    if value not in allowed:
        form.department.errors = [_("Choose a department you edit.")]
        return None
    department = db.session.get(Department, int(value)) if value else None
    units = [u for u in (db.session.get(Unit, i) for i in form.units.data or []) if u]
    if any(department is None or u.department_id != department.id for u in units):
        form.units.errors = [error_message("unit_outside_department")]
        return None
    return department, units


def _address() -> str | None:
    return request.remote_addr


@bp.route("/manage")
@login_required
def manage() -> ResponseReturnValue:
    _require_editor()
    rows = queries.for_editor(
        services.edits_everything(current_user), services.edited_departments(current_user)
    )
    return render_template("routines/manage.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    _require_editor()
    form = NewRoutineForm()
    picked = _scope_choices(form)
    # 'Find units' shows the form again with what was typed and the units found.
    if not picker.finding() and form.validate_on_submit() and (scope := _chosen_scope(form)):
        department, units = scope
        routine = services.create_routine(
            Draft(form.title.data or "", form.summary.data or "", form.body.data or ""),
            department,
            current_user,
            units=units,
            client_address=_address(),
        )
        db.session.commit()
        flash(_("The routine has been created as a draft."), "success")
        return redirect(url_for("routines.edit", routine_id=routine.id))
    return render_template("routines/new.html", form=form, picked=picked)


def _revision(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@bp.route("/<int:routine_id>/edit", methods=["GET", "POST"])
@login_required
def edit(routine_id: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    form = DraftForm()
    if request.method == "GET":
        form.title.data = routine.draft_title
        form.summary.data = routine.draft_summary
        form.body.data = routine.draft_body
        form.revision.data = str(routine.draft_revision)
    preview: dict[str, str] | None = None
    conflict = False
    if form.validate_on_submit():
        draft = Draft(form.title.data or "", form.summary.data or "", form.body.data or "")
        if request.form.get("action") == "preview":
            preview = {
                "summary": render_markdown(draft.summary),
                "body": render_markdown(draft.body),
            }
        else:
            try:
                services.save_draft(
                    routine,
                    draft,
                    _revision(form.revision.data),
                    current_user,
                    client_address=_address(),
                )
            except RoutineError as error:
                db.session.rollback()
                if error.code != "stale":
                    flash(error_message(error.code), "error")
                    return redirect(url_for("routines.edit", routine_id=routine.id))
                conflict = True
                # Saving again from here is a deliberate choice to replace the other's text.
                form.revision.data = str(routine.draft_revision)
            else:
                db.session.commit()
                flash(_("The draft has been saved."), "success")
                return redirect(url_for("routines.edit", routine_id=routine.id))
    return render_template(
        "routines/edit.html",
        routine=routine,
        form=form,
        preview=preview,
        conflict=conflict,
        current=services.current_version(routine),
    )


@bp.route("/<int:routine_id>/scope", methods=["GET", "POST"])
@login_required
def scope(routine_id: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    form = ScopeForm()
    picked = _scope_choices(form, routine.unit_ids if request.method == "GET" else ())
    if request.method == "GET":
        form.department.data = str(routine.department_id or "")
        form.units.data = routine.unit_ids
    if not picker.finding() and form.validate_on_submit() and (chosen := _chosen_scope(form)):
        department, units = chosen
        services.set_scope(routine, department, units, current_user, client_address=_address())
        db.session.commit()
        flash(_("Who the routine applies to has been saved."), "success")
        return redirect(url_for("routines.edit", routine_id=routine.id))
    return render_template("routines/scope.html", routine=routine, form=form, picked=picked)


def _draft_diff(routine: Routine) -> dict[str, list[diff.Line]]:
    current = services.current_version(routine)
    old = (current.title, current.summary, current.body) if current else ("", "", "")
    new = (routine.draft_title, routine.draft_summary, routine.draft_body)
    return {
        "title": diff.line_diff(old[0], new[0]),
        "summary": diff.line_diff(old[1], new[1]),
        "body": diff.line_diff(old[2], new[2]),
    }


@bp.route("/<int:routine_id>/publish", methods=["GET", "POST"])
@login_required
def publish(routine_id: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    form = PublishForm()
    if request.method == "GET":
        form.revision.data = routine.draft_revision
    if form.validate_on_submit():
        try:
            version = services.publish(
                routine,
                form.revision.data or 0,
                current_user,
                major=form.kind.data == "major",
                change_note=form.change_note.data or "",
                client_address=_address(),
            )
        except RoutineError as error:
            db.session.rollback()
            flash(error_message(error.code), "error")
            form.revision.data = routine.draft_revision
        else:
            db.session.commit()
            flash(_("Version %(number)d has been published.", number=version.number), "success")
            return redirect(url_for("routines.versions", routine_id=routine.id))
    return render_template(
        "routines/publish.html",
        routine=routine,
        form=form,
        changes=_draft_diff(routine),
        first=not routine.is_published,
    )


@bp.route("/<int:routine_id>/versions")
@login_required
def versions(routine_id: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    return render_template(
        "routines/versions.html",
        routine=routine,
        versions=queries.versions(routine),
        counts=queries.acknowledged_count(routine),
    )


@bp.route("/<int:routine_id>/versions/<int:number>")
@login_required
def version(routine_id: int, number: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    shown = queries.version(routine, number) or abort(404)
    return render_template("routines/version.html", routine=routine, version=shown)


@bp.route("/<int:routine_id>/versions/<int:number>/diff")
@login_required
def version_diff(routine_id: int, number: int) -> ResponseReturnValue:
    routine = get_routine_to_edit_or_404(routine_id)
    new = queries.version(routine, number) or abort(404)
    old = queries.version(routine, number - 1) or abort(404)
    changes = {
        "title": diff.line_diff(old.title, new.title),
        "summary": diff.line_diff(old.summary, new.summary),
        "body": diff.line_diff(old.body, new.body),
    }
    return render_template("routines/diff.html", routine=routine, old=old, new=new, changes=changes)
