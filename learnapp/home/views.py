from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from learnapp import navigation
from learnapp.auth.views import is_safe_next
from learnapp.extensions import db
from learnapp.home import bp, panels
from learnapp.home import services as home
from learnapp.org.models import Role
from learnapp.org.services import managed_units

navigation.register("home.index", _l("Start"), 0)


@bp.route("/")
@login_required
def index() -> str:
    return render_template("home/index.html", panels=panels.render_for(current_user))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """Switch the interface language; remembered on the account and in the session."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("home.index"))


@bp.route("/tillganglighet")
def accessibility() -> str:
    return render_template("home/accessibility.html")


@panels.register("profile", order=90)
def profile_panel(person: object) -> str:
    return render_template("home/_panel_profile.html", person=person)


@panels.register("manager-units", order=30)
def manager_panel(person: object) -> str | None:
    if not current_user.has_role(Role.MANAGER):
        return None
    return render_template("home/_panel_manager.html", units=managed_units(current_user))


@panels.register("organisation", order=40)
def coordinator_panel(person: object) -> str | None:
    if not current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        return None
    return render_template(
        "home/_panel_organisation.html",
        departments=home.department_counts(),
        totals=home.organisation_totals(),
    )
