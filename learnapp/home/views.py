from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import text

from learnapp import errors, slots
from learnapp.extensions import db
from learnapp.home import services as home
from learnapp.home.blueprint import bp
from learnapp.org.models import Person, Role
from learnapp.org.services import managed_units
from learnapp.urls import is_safe_next


@bp.route("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template("home/index.html", panels=slots.render("home", person=current_user))


@bp.route("/language", methods=["POST"])
def set_language() -> ResponseReturnValue:
    """Switch the interface language; remembered on the account and in the session."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
            db.session.commit()
        else:
            session["lang_choice"] = lang  # made before signing in: kept on the account at sign-in
    target = request.form.get("next")
    return redirect(target if target and is_safe_next(target) else url_for("home.index"))


# The accessibility statement's dates: change them when the service is assessed again.
STATEMENT_ASSESSED_ON = date(2026, 11, 25)
STATEMENT_UPDATED_ON = date(2026, 11, 25)


@bp.route("/tillganglighet")
def accessibility() -> ResponseReturnValue:
    return render_template(
        "home/accessibility.html",
        contact=current_app.config["ACCESSIBILITY_CONTACT"],
        assessed_on=STATEMENT_ASSESSED_ON,
        updated_on=STATEMENT_UPDATED_ON,
    )


def profile_panel(person: Person) -> str:
    return render_template("home/_panel_profile.html", person=person)


def manager_panel(person: Person) -> str | None:
    if not person.has_role(Role.MANAGER):
        return None
    return render_template("home/_panel_manager.html", units=managed_units(person))


def coordinator_panel(person: Person) -> str | None:
    if not person.has_role(Role.COORDINATOR, Role.ADMIN):
        return None
    counted = home.organisation()
    return render_template(
        "home/_panel_organisation.html", departments=counted.departments, totals=counted.totals
    )


@bp.route("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """The icon browsers ask for at this address when a response names none (a PDF, a JSON
    answer); pages name the SVG and this one in base.html."""
    return current_app.send_static_file("img/favicon.ico")


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness for load balancers (and the benchmark's floor): touches no database."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz() -> ResponseReturnValue:
    """Readiness for load balancers: 200 when the database answers, else 503 with Retry-After
    (send no traffic here for now; /healthz says whether to restart the process)."""
    try:
        db.session.execute(text("SELECT 1"))
    except errors.UNAVAILABLE as error:
        db.session.rollback()
        current_app.logger.warning(
            "Not ready: the database is unavailable (%s)", type(error).__name__
        )
        headers = {"Retry-After": str(errors.RETRY_AFTER_SECONDS)}
        return {"status": "unavailable", "database": "unavailable"}, 503, headers
    return {"status": "ok", "database": "ok"}
