"""Invitations from the administration: to one person, and to the new people of an HR import."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select

from learnapp.admin import bulk, invites
from learnapp.admin.blueprint import bp
from learnapp.admin.models import JobState, PendingImport
from learnapp.admin.views import ADMIN
from learnapp.extensions import db
from learnapp.notifications.invitations import invite, never_signed_in
from learnapp.org.models import Person
from learnapp.permissions import roles_required


@bp.route("/people/<int:person_id>/invite", methods=["POST"])
@roles_required(*ADMIN)
def invite_person(person_id: int) -> ResponseReturnValue:
    person = db.session.get(Person, person_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if invite(invites.one(person), actor=current_user._get_current_object()):
        db.session.commit()
        flash(_("An invitation has been sent to %(email)s.", email=person.email), "success")
    else:
        flash(_("Only an active person can be invited."), "error")
    return redirect(url_for("admin.person", person_id=person.id))


@bp.route("/import/jobs/<int:job_id>/invite", methods=["POST"])
@roles_required(*ADMIN)
def invite_imported(job_id: int) -> ResponseReturnValue:
    job = db.session.get(PendingImport, job_id)
    if job is None or job.created_by_id != current_user.id or job.state != JobState.DONE:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    sent = invite(invites.created_by_import(job), actor=current_user._get_current_object())
    db.session.commit()
    if sent:
        flash(
            ngettext(
                "An invitation has been sent to %(num)d new person.",
                "Invitations have been sent to %(num)d new people.",
                sent,
            ),
            "success",
        )
    else:
        flash(_("Everyone the import created has already been invited."), "info")
    return redirect(url_for("admin.import_job", job_id=job.id), 303)


def _invite_chosen(ids: Select[Any], actor: Person) -> int:
    return invite(ids, actor=actor)


bulk.register(
    bulk.BulkAction(
        "invite",
        _l("Send invitation"),
        lambda n: ngettext(
            "Send an invitation to %(n)s person who has never signed in?",
            "Send invitations to %(n)s people who have never signed in?",
            n,
            n=format_number(n),
        ),
        _invite_chosen,
        order=10,
        narrow=lambda ids, _actor: never_signed_in(ids),
    )
)
