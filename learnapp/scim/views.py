"""The SCIM admin page: the tenant URL, bearer tokens (made, listed with last use, revoked) and
which role or key-person flag each directory group gives."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from learnapp.admin.forms import ROLE_LABELS
from learnapp.extensions import db
from learnapp.org.models import STORED_ROLES, Role
from learnapp.permissions import roles_required
from learnapp.scim import groups, tokens
from learnapp.scim.blueprint import admin_bp as bp
from learnapp.scim.blueprint import api_bp
from learnapp.scim.forms import GroupForm, TokenForm
from learnapp.scim.models import ScimGroup, ScimGroupMember, ScimToken


def _page(token_form: TokenForm, group_form: GroupForm, secret: str | None = None) -> str:
    base = str(current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
    counts = dict(
        db.session.execute(
            select(ScimGroupMember.group_id, func.count()).group_by(ScimGroupMember.group_id)
        ).all()
    )
    return render_template(
        "scim/admin.html",
        tenant_url=base + (api_bp.url_prefix or ""),
        tokens=tokens.listed(),
        groups=list(db.session.scalars(select(ScimGroup).order_by(ScimGroup.display_name))),
        counts=counts,
        token_form=token_form,
        group_form=group_form,
        secret=secret,
        role_labels={r.value: ROLE_LABELS[r.value] for r in STORED_ROLES},
    )


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    return _page(TokenForm(), GroupForm())


@bp.post("/tokens")
@roles_required(Role.ADMIN)
def create_token() -> ResponseReturnValue:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, GroupForm()), 422
    _token, secret = tokens.create(form.name.data, current_user)
    db.session.commit()
    return _page(TokenForm(formdata=None), GroupForm(), secret=secret)


@bp.post("/tokens/<int:token_id>/revoke")
@roles_required(Role.ADMIN)
def revoke_token(token_id: int) -> ResponseReturnValue:
    token = db.session.get(ScimToken, token_id) or abort(404)
    if tokens.revoke(token, current_user):
        db.session.commit()
        flash(_("The token %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for("scim_admin.index"))


@bp.post("/groups")
@roles_required(Role.ADMIN)
def add_group() -> ResponseReturnValue:
    """Name a directory group ahead of the first sync, to map it to a role before it arrives."""
    form = GroupForm()
    if form.validate_on_submit():
        name = form.display_name.data.strip()
        taken = db.session.scalar(
            select(ScimGroup.id).where(func.lower(ScimGroup.display_name) == name.lower())
        )
        if taken is None:
            db.session.add(ScimGroup(display_name=name))
            db.session.commit()
            flash(_("The group %(name)s is added.", name=name), "success")
            return redirect(url_for("scim_admin.index"))
        form.display_name.errors.append(_("There is already a group with this name."))
    return _page(TokenForm(), form), 422


@bp.post("/groups/<int:group_id>")
@roles_required(Role.ADMIN)
def map_group(group_id: int) -> ResponseReturnValue:
    group = db.session.get(ScimGroup, group_id) or abort(404)
    role = request.form.get("role") or None
    try:
        changed = groups.set_mapping(
            group, role, request.form.get("key_person") == "1", current_user
        )
    except groups.UnmappableRole:
        flash(
            _(
                "A group can give the coordinator or the administrator role. Managers come from "
                "the users' manager attribute or the HR import's manager column."
            ),
            "error",
        )
        return redirect(url_for("scim_admin.index"))
    if changed:
        db.session.commit()
        flash(_("Saved. The group's members follow at once."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(url_for("scim_admin.index"))
