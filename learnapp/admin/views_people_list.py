"""The people list (search, filters, sorting, paging) and its bulk actions with a confirmation."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learnapp.admin import bulk, people_list
from learnapp.admin.blueprint import bp
from learnapp.admin.forms import ROLE_LABELS
from learnapp.admin.views import ADMIN, READERS
from learnapp.bounds import bounded_int, query_int
from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org.models import Department, Unit
from learnapp.permissions import roles_required
from learnapp.swedish import in_swedish_order

PER_PAGE = 50


@bp.route("/people")
@roles_required(*READERS)
def people() -> str:
    f = people_list.PeopleFilter.from_args(request.args)
    total = people_list.count(f)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, query_int("page", 1) or 1), pages)
    return render_template(
        "admin/people.html",
        f=f,
        rows=people_list.page_of(f, page, PER_PAGE),
        total=total,
        page=page,
        pages=pages,
        departments=db.session.execute(
            db.select(Department.id, Department.name).order_by(in_swedish_order(Department.name))
        ).all(),
        # The unit filter offers the departments' top units, the unit chosen, or those a search
        # finds: not every unit of the organisation.
        picked=picker.pick(
            find=picker.posted_find(),
            keep=[f.unit] if f.unit else [],
            default=Unit.parent_id.is_(None),
        ),
        roles=list(ROLE_LABELS.items()),
        actions=bulk.actions() if current_user.has_role(*ADMIN) else [],
        can_edit=current_user.has_role(*ADMIN),
    )


def _ticked() -> list[int]:
    values = request.form.getlist("person")[: bulk.MAX_TICKED]
    return [n for v in values if (n := bounded_int(v)) is not None]


@bp.route("/people/bulk", methods=["POST"])
@roles_required(*ADMIN)
def people_bulk() -> ResponseReturnValue:
    """First post: the confirmation page that says how many. Second (confirm=yes): do it."""
    f = people_list.PeopleFilter.from_args(request.form)
    back = url_for("admin.people", **f.args())
    action = bulk.get(request.form.get("action", ""))
    if action is None:
        flash(_("Choose what to do with the people."), "error")
        return redirect(back)
    everyone = request.form.get("everyone") == "1"
    ticked = _ticked()
    if not everyone and not ticked:
        flash(_("Tick the people to change, or choose everyone the filter selects."), "error")
        return redirect(back)
    targets = action.targets(bulk.chosen(f, ticked, everyone), current_user)
    n = bulk.how_many(targets)
    if n == 0:
        flash(_("None of the chosen people would change."), "info")
        return redirect(back)
    if request.form.get("confirm") != "yes":
        return render_template(
            "admin/people_bulk_confirm.html",
            action=action,
            n=n,
            f=f,
            ticked=ticked,
            everyone=everyone,
            back=back,
        )
    done = action.run(targets, current_user)
    db.session.commit()
    flash(
        ngettext("Done: %(n)s person changed.", "Done: %(n)s people changed.", done, n=done),
        "success",
    )
    return redirect(back)
