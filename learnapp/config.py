"""Configuration defaults. `instance/config.py` and `LEARNAPP_*` environment variables override."""

from __future__ import annotations

from datetime import timedelta


class Defaults:
    # "production" unless told otherwise: a missing secret is then an error, never a silent default.
    ENV = "production"
    SECRET_KEY: str | None = None

    SQLALCHEMY_DATABASE_URI: str | None = None  # set by create_app from DATABASE_URL or instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    # SQLite: how long a write waits for another writer before the request gets the busy page.
    SQLITE_BUSY_TIMEOUT_SECONDS = 5.0

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "en")

    SESSION_COOKIE_NAME = "learnapp_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True  # relaxed only in development and testing
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    # Also the idle limit of a server-side session (a remembered one lasts until REMEMBER_DAYS).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=10)
    # "Keep me signed in": our own remember cookie (Flask-Login's is not used), at most 30 days.
    AUTH_REMEMBER_COOKIE_NAME = "learnapp_remember"
    # Marks a browser that has signed in to an account before (see LOGIN_ADDRESS_INTERVAL_SECONDS).
    AUTH_DEVICE_COOKIE_NAME = "learnapp_device"
    REMEMBER_DAYS = 30
    # Privileged pages (administration) ask for the password again after this many hours.
    PRIVILEGED_SESSION_HOURS = 12
    # Roles that must use two-step sign-in (TOTP); a comma-separated string or a list. Others may.
    MFA_REQUIRED_ROLES = "admin,coordinator"
    # How many reverse proxies / load balancers in front of the app set X-Forwarded-For.
    TRUSTED_PROXIES = 0

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024

    # Sign-in throttling: failures counted in a sliding window, per account and per client address.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    # Past that, the address gets one try per interval; browsers that have signed in to the
    # account before are not held up (colleagues behind the same NAT).
    LOGIN_ADDRESS_INTERVAL_SECONDS = 10
    PASSWORD_MIN_LENGTH = 10
    # zxcvbn's score (0-4) a new password must reach: 3 is "safely unguessable" for online attacks.
    PASSWORD_MIN_SCORE = 3
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash method, not a password
    PASSWORD_RESET_HOURS = 2
    # An invitation's link to set a first password is valid this many days.
    INVITATION_DAYS = 7
    # Whom a person without an account (or unknown to the single sign-on) should write to; shown
    # on the sign-in page and on the single sign-on's "you are not in learnapp yet" page.
    ACCOUNT_CONTACT = "support@example.org"

    # Single sign-on with OpenID Connect (e.g. Microsoft Entra ID); on when ISSUER and CLIENT_ID
    # are set. The redirect URI to register at the provider is <BASE_URL>/auth/oidc/callback.
    OIDC_ISSUER: str | None = None  # discovery at <issuer>/.well-known/openid-configuration
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_BUTTON_LABEL: str | None = None  # default "Logga in med kommunens konto" (translated)
    # The ID token's claims that may hold the e-mail address, tried in order (Entra ID sends
    # `email`, `preferred_username` or `upn`); a comma-separated string or a list.
    OIDC_EMAIL_CLAIMS = "email,preferred_username,upn"
    OIDC_SCOPES = "openid email profile"
    # A person the provider knows but learnapp does not: refused (default), or created in the
    # unit OIDC_CREATE_UNIT names (its id, or its name when unique).
    OIDC_CREATE_UNKNOWN = False
    OIDC_CREATE_UNIT: str | None = None
    # Seconds of clock difference allowed when checking the ID token's times; and how long the
    # provider may take to answer.
    OIDC_LEEWAY_SECONDS = 60
    OIDC_TIMEOUT_SECONDS = 10
    # False: only administrators may sign in with a local password (a break-glass account);
    # everyone else uses the single sign-on.
    LOCAL_LOGIN = True
    # The reset form: one mail per account per RESET_ACCOUNT_MINUTES, RESET_MAX_PER_ADDRESS
    # requests per client address an hour.
    RESET_ACCOUNT_MINUTES = 10
    RESET_MAX_PER_ADDRESS = 10

    # Exports: one running per person (a mark older than this is taken as abandoned), and at most
    # EXPORTS_PER_MINUTE started per person and minute.
    EXPORTS_PER_MINUTE = 5
    EXPORT_RUNNING_MINUTES = 10

    # SCIM provisioning (/scim/v2): the attribute that carries the unit ("<schema URN>:<name>",
    # e.g. the enterprise extension's division), and whether unknown departments and units are
    # created (as the HR import's "create missing" box) or refused.
    SCIM_UNIT_ATTRIBUTE = "urn:ietf:params:scim:schemas:extension:learnapp:2.0:User:unit"
    SCIM_CREATE_UNITS = False
    # The rules and statuses of people changed through SCIM are applied in batches: when this
    # many are queued, or the oldest has waited this many seconds (see learnapp.scim.pending).
    SCIM_APPLY_BATCH = 200
    SCIM_APPLY_SECONDS = 5

    # Mail: "log" writes messages to the application log (development); "smtp" sends them.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "learnapp <no-reply@example.org>"
    MAIL_TIMEOUT = 10
    # The outbox: a mail is tried MAIL_MAX_ATTEMPTS times, waiting MAIL_RETRY_MINUTES × 5^(n-1)
    # (at most six hours) after the n-th failure, then shown to admins as failed.
    MAIL_MAX_ATTEMPTS = 6
    MAIL_RETRY_MINUTES = 1
    # How many mails the web process sends right after a response that wrote some; the rest
    # (e.g. 100,000 invitations) goes with `flask mail deliver`.
    MAIL_DELIVER_AFTER_COMMIT = 50
    # `flask needs remind` (daily): people who have not answered an open inventory are reminded
    # when it closes within this many days, at most NEEDS_MAX_REMINDERS times, days apart.
    NEEDS_REMIND_DAYS_BEFORE_CLOSE = 7
    NEEDS_MAX_REMINDERS = 2
    NEEDS_REMIND_GAP_DAYS = 3

    # The public address used in e-mailed links, e.g. "https://utbildning.kommun.se". Required in
    # production; TRUSTED_HOSTS is set from it unless given.
    BASE_URL: str | None = None
    TRUSTED_HOSTS: list[str] | None = None

    COURSES_DIR: str | None = None  # defaults to <project>/courses
    ORGANISATION_NAME = "Kommunen"
    # Routines: the contacts block lists the coordinators of this top-level unit.
    ROUTINES_SECURITY_UNIT = "Trygg- och säkerhetsenheten"
    ACCESSIBILITY_CONTACT = "tillganglighet@example.org"

    # Training-needs results: a group with fewer respondents than this shows no shares or
    # averages (only its count), so one or two people's answers cannot be read from a report.
    NEEDS_MIN_RESPONDENTS = 3

    # Personal data: people deactivated longer than this are anonymised by `flask privacy purge`.
    PRIVACY_RETENTION_MONTHS = 24

    # HR import confirmed in the browser: a file of up to this many rows is applied inside the
    # request; a larger one runs as a job beside it (learnapp/admin/import_jobs.py).
    IMPORT_INLINE_ROWS = 500
    # The job's page waits this long for a running import to finish before it shows the progress.
    IMPORT_PAGE_WAIT_SECONDS = 10
