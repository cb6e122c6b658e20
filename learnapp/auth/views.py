from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from learnapp.audit.services import record
from learnapp.auth import mfa, notices, oidc, oidc_config, passwords, ratelimit, sessions, web
from learnapp.auth import services as auth
from learnapp.auth.blueprint import bp
from learnapp.auth.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.mail import send_mail
from learnapp.org.models import Person
from learnapp.org.services import find_person_by_email
from learnapp.urls import is_safe_next


def _policy() -> auth.ThrottlePolicy:
    config = current_app.config
    return auth.ThrottlePolicy(
        window=timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
        max_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        address_interval=timedelta(seconds=config["LOGIN_ADDRESS_INTERVAL_SECONDS"]),
    )


def _next_or_home(next_url: str | None) -> str:
    return next_url if next_url and is_safe_next(next_url) else url_for("home.index")


def _sso_context() -> dict[str, object]:
    """What the sign-in pages need to show the single sign-on button."""
    return {
        "sso": oidc_config.enabled(),
        "sso_label": oidc_config.button_label(),
        "local_open": oidc_config.local_login_open(),
    }


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    next_url = request.args.get("next")
    status = 200
    if form.validate_on_submit():
        email = form.email.data or ""
        attempt = auth.begin_attempt(email, web.client_address())
        db.session.commit()  # counted before it is checked: parallel attempts see each other
        result = auth.authenticate(
            attempt, form.password.data or "", _policy(), known_device=web.known_device(email)
        )
        if (
            result.outcome is auth.LoginOutcome.OK
            and result.person is not None
            and not oidc_config.may_use_password(result.person)
        ):
            # LOCAL_LOGIN=false: only administrators use a password (a break-glass account).
            db.session.rollback()
            record(
                "auth.login_refused",
                target=result.person,
                client_address=web.client_address(),
                reason="local_login_off",
            )
            db.session.commit()
            flash(
                _(
                    'Sign in with your work account: use the button "%(button)s".',
                    button=oidc_config.button_label(),
                ),
                "error",
            )
            return render_template(
                "auth/login.html", form=form, next=next_url, **_sso_context()
            ), 403
        if result.outcome is auth.LoginOutcome.OK and result.person is not None:
            person = result.person
            # A language chosen on the sign-in page is the person's choice: keep it on the account.
            chosen = session.get("lang_choice")
            if isinstance(chosen, str) and chosen in current_app.config["LANGUAGES"]:
                person.language = chosen
            record(
                "auth.login",
                actor=person,
                target=person,
                client_address=web.client_address(),
                method="password",
            )
            enrolled = mfa.credential(person) is not None
            second_step = enrolled or mfa.is_required(person)
            if not second_step:
                auth.clear_failures(person.email)
            started = sessions.start(
                person,
                remember_for=web.remember_for() if form.remember.data else None,
                user_agent=web.user_agent(),
                client_address=web.client_address(),
                mfa_passed=not second_step,
            )
            db.session.commit()
            session.clear()  # a fresh session on sign-in: no fixation
            web.sign_in(started)
            web.remember_device(person.email)
            session["lang"] = person.language
            if second_step:
                step = "auth.mfa_verify" if enrolled else "auth.mfa_enrol"
                return redirect(url_for(step, next=next_url if is_safe_next(next_url) else None))
            return redirect(_next_or_home(next_url))
        db.session.commit()
        if result.outcome is auth.LoginOutcome.THROTTLED:
            minutes = current_app.config["LOGIN_WINDOW_MINUTES"]
            flash(
                ngettext(
                    "Too many failed attempts. Wait %(num)d minute and try again, "
                    "or reset your password.",
                    "Too many failed attempts. Wait %(num)d minutes and try again, "
                    "or reset your password.",
                    minutes,
                ),
                "error",
            )
            status = 429
        elif result.outcome is auth.LoginOutcome.SLOWED:
            flash(
                ngettext(
                    "Many failed sign-ins have come from your network. Wait %(num)d second "
                    "and try again.",
                    "Many failed sign-ins have come from your network. Wait %(num)d seconds "
                    "and try again.",
                    current_app.config["LOGIN_ADDRESS_INTERVAL_SECONDS"],
                ),
                "error",
            )
            status = 429
        else:
            flash(_("The e-mail address or the password is wrong."), "error")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, next=next_url, **_sso_context()), status


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    row = web.current_session()
    if row is not None:
        sessions.revoke(row)
        record(
            "auth.logout",
            actor=row.person,
            target=row.person,
            client_address=web.client_address(),
        )
        db.session.commit()
    id_token = session.get("oidc_id_token")
    logout_user()
    web.forget_browser()
    flash(_("You are signed out."), "info")
    if id_token is not None and oidc_config.enabled():
        # Signed in with the single sign-on: end the session at the provider too, when it says
        # where (`end_session_endpoint`); it sends the browser back to the sign-in page.
        url = oidc.logout_url(id_token or None, external_url("auth.login"))
        if url is not None:
            return redirect(url)
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        weak = passwords.weakness(form.new.data or "", current_user)
        if not current_user.check_password(form.current.data or ""):
            form.current.errors.append(_("The current password is wrong."))
        elif weak:
            form.new.errors.append(weak)
        else:
            row = web.current_session()
            auth.change_password(current_user, form.new.data or "", keep=row)
            if row is not None:
                sessions.confirm_password(row)
            person = current_user._get_current_object()
            record(
                "auth.password_changed",
                actor=person,
                target=person,
                client_address=web.client_address(),
            )
            notices.password_changed(
                person,
                client_address=web.client_address(),
                user_agent=web.user_agent(),
                reset=False,
            )
            db.session.commit()
            # Keep this session; the others have ended.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account")
@login_required
def account() -> ResponseReturnValue:
    rows = sessions.active(current_user, web.idle_limit())
    person = current_user._get_current_object()
    return render_template(
        "auth/account.html",
        sessions=rows,
        this=web.current_session(),
        form=FlaskForm(),
        mfa_enrolled=mfa.credential(person) is not None,
        recovery_left=mfa.recovery_codes_left(person),
    )


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    if not FlaskForm().validate_on_submit():
        abort(400)
    person = current_user._get_current_object()
    ended = sessions.revoke_all(person)
    record(
        "auth.signed_out_everywhere",
        actor=person,
        target=person,
        client_address=web.client_address(),
        sessions=ended,
    )
    db.session.commit()
    logout_user()
    web.forget_browser()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
def confirm() -> ResponseReturnValue:
    """Ask for the password again before privileged pages, when the session is old."""
    form = ConfirmPasswordForm()
    next_url = request.args.get("next")
    status = 200
    row = web.current_session()
    if form.validate_on_submit() and row is not None:
        if current_user.check_password(form.password.data or ""):
            sessions.confirm_password(row)
            db.session.commit()
            return redirect(_next_or_home(next_url))
        form.password.errors.append(_("The password is wrong."))
        status = 401
    return render_template("auth/confirm.html", form=form, next=next_url, **_sso_context()), status


@bp.route("/password/reset", methods=["GET", "POST"])
def reset_request() -> ResponseReturnValue:
    """The same answer, status and work whatever the address: the mail is queued in the outbox
    and sent after the response; one mail per account per RESET_ACCOUNT_MINUTES."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        config = current_app.config
        address = web.client_address()
        ratelimit.hit("reset_address", address)
        db.session.commit()  # counted first: parallel requests see each other
        if (
            ratelimit.count("reset_address", address, timedelta(hours=1))
            > config["RESET_MAX_PER_ADDRESS"]
        ):
            flash(_("Too many requests from your network. Wait an hour and try again."), "error")
            return render_template("auth/reset_request.html", form=form), 429
        person = find_person_by_email(form.email.data or "")
        recent = timedelta(minutes=config["RESET_ACCOUNT_MINUTES"])
        if person is not None and person.active and auth.reset_mail_allowed(person, recent):
            _send_reset_mail(person)
        db.session.commit()  # the token and its mail together
        # The same answer whether or not the account exists.
        flash(
            _("If the address belongs to an account, a link to reset the password is on its way."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


def _send_reset_mail(person: Person) -> None:
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    token = auth.create_reset_token(person, timedelta(hours=hours))
    link = external_url("auth.reset_password", token=token)
    with force_locale(person.language):
        send_mail(
            person.email,
            _("Reset your password for learnapp"),
            ngettext(
                "Someone asked to reset the password of your account.\n\n"
                "Open this link within %(num)d hour to choose a new password:\n"
                "%(link)s\n\nIf it was not you, ignore this message; "
                "your password stays the same.",
                "Someone asked to reset the password of your account.\n\n"
                "Open this link within %(num)d hours to choose a new password:\n"
                "%(link)s\n\nIf it was not you, ignore this message; "
                "your password stays the same.",
                hours,
                link=link,
            ),
            kind="password_reset",
            person_id=person.id,
            why=_("You get this message because someone asked to reset your password."),
        )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    row = auth.find_valid_reset_token(token)
    if row is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        weak = passwords.weakness(form.new.data or "", row.person)
        if weak:
            form.new.errors.append(weak)
            return render_template("auth/reset_password.html", form=form)
        person = auth.reset_password(row, form.new.data or "")  # ends every session of the person
        record(
            "auth.password_reset", actor=person, target=person, client_address=web.client_address()
        )
        notices.password_changed(
            person, client_address=web.client_address(), user_agent=web.user_agent(), reset=True
        )
        db.session.commit()
        flash(_("Your password has been changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
