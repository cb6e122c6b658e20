"""Each person's page for their mail and calendar feed; the feed itself (no sign-in: the secret
address is the key)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.notifications import calendar, preferences
from learnapp.notifications.blueprint import bp
from learnapp.notifications.forms import PreferencesForm


def _page(new_feed_url: str | None = None, form: PreferencesForm | None = None) -> str:
    if form is None:
        form = PreferencesForm(optional_mails=preferences.wants_optional(current_user))
    return render_template(
        "notifications/settings.html",
        form=form,
        has_feed=calendar.has_feed(current_user),
        new_feed_url=new_feed_url,
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    form = PreferencesForm()
    if request.method == "POST" and form.validate_on_submit():
        preferences.set_optional(current_user, bool(form.optional_mails.data))
        db.session.commit()
        flash(_("Your choice is saved."), "success")
        return redirect(url_for("notifications.settings"))
    if request.method == "POST":
        return _page(form=form), 400
    return _page()


@bp.route("/settings/calendar", methods=["POST"])
@login_required
def calendar_address() -> ResponseReturnValue:
    action = request.form.get("action")
    if action == "new":
        token = calendar.new_token(current_user)
        db.session.commit()
        url = external_url("notifications.feed", token=token)
        return _page(new_feed_url=url)
    if action == "off":
        calendar.revoke(current_user)
        db.session.commit()
        flash(_("The calendar address is turned off. Calendars that used it get nothing more."))
        return redirect(url_for("notifications.settings"))
    abort(400)


@bp.route("/calendar/<token>.ics")
def feed(token: str) -> Response:
    person = calendar.person_for_token(token)
    if person is None:
        abort(404)
    response = Response(calendar.person_feed(person), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="learnapp.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    return response
