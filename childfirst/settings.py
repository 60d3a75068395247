"""Django settings for ChildFirst.

Configuration comes from the environment (12-factor), with defaults that work
on a developer's machine with nothing set:

* ``DATABASE_URL``: any database URL dj-database-url understands; unset, an
  SQLite file ``var/childfirst.sqlite3`` under the project.
* ``CHILDFIRST_SECRET_KEY``: unset, a random key is made once and kept in
  ``var/secret_key`` (never committed).
* ``CHILDFIRST_DEBUG``: ``1`` for Django's debug pages (``make run`` sets it).
* ``CHILDFIRST_ALLOWED_HOSTS``: comma-separated; default the loopback names.
* ``CHILDFIRST_HTTPS``: with debug off, production security is on (HTTPS only, secure
  cookies, HSTS); ``0`` turns it off, only to try the service over plain http on
  loopback. ``CHILDFIRST_HSTS_PRELOAD=1`` adds HSTS's ``preload``.
* ``CHILDFIRST_PROXY_HTTPS_HEADER``: the header a proxy ending HTTPS sets to ``https``
  (for example ``X-Forwarded-Proto``); unset, no such header is trusted.
* ``CHILDFIRST_DATA_DIR``: where ``var/`` lives (default: the project folder). Made
  readable by its owner only (0700), and the SQLite file in it 0600.
* ``CHILDFIRST_DEMO``: ``1`` for demo mode, the only mode in which ``childfirst demo``
  runs (``make run`` sets it). The demo's accounts share a published password: a
  service's own deployment never sets it.
* ``CHILDFIRST_DOCUMENT_ROOT``: where documents uploaded to children's records are
  kept (default ``documents/`` in the data folder); back it up with the database.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("CHILDFIRST_DATA_DIR", BASE_DIR / "var"))
# The data folder holds the secret key and the SQLite database: made readable by its
# owner only (an existing folder keeps the permissions its operator gave it).
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("CHILDFIRST_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CHILDFIRST_DEBUG", "") == "1"
# Demo mode (`make run` sets it; a real deployment never does): ``childfirst demo`` loads
# made-up children and accounts sharing a published password only when it is on
# (childfirst/demo/management/commands/demo.py), and nobody is asked for a second factor
# (the demo banner says so).
CHILDFIRST_DEMO = os.environ.get("CHILDFIRST_DEMO", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CHILDFIRST_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    # Two-factor sign-in's devices; before accounts, whose admin takes theirs away (they
    # would show each person's secret key).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "childfirst.ui",
    "childfirst.accounts",
    "childfirst.casework",
    "childfirst.audits",
    "childfirst.performance",
    "childfirst.demo",
    "childfirst.operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "childfirst.logs.RequestIdMiddleware",
    "childfirst.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "childfirst.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's roles, read once a request (childfirst/accounts/middleware.py).
    "childfirst.accounts.middleware.RolesOnceMiddleware",
    "childfirst.middleware.NoStoreWhenSignedInMiddleware",
    # Whether the session passed a second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Idle sessions end; then a second factor, then a temporary password changed, before
    # any page (childfirst/accounts/middleware.py): after the two it reads, before the views.
    "childfirst.accounts.middleware.SignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "childfirst.urls"
WSGI_APPLICATION = "childfirst.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "childfirst.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'childfirst.sqlite3'}",
        conn_max_age=60,
        # A connection the database dropped (a restart, a failover) is found before the
        # request uses it, and a new one made: the service recovers by itself.
        conn_health_checks=True,
    )
}


def _private_sqlite_file(database: dict[str, object]) -> None:
    """An SQLite file is made here, readable and writable by its owner only, before
    SQLite would make it readable by everyone (its journals take the same permissions)."""
    name = str(database.get("NAME") or "")
    if "sqlite" not in str(database.get("ENGINE")) or not name or name.startswith(":memory:"):
        return
    if name.startswith("file:"):
        return
    path = Path(name)
    if path.parent.is_dir() and not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


_private_sqlite_file(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed KPI returns and indicators are kept in the "figures" cache until what they
# read changes (childfirst/performance/cache.py): the database's own cache table, which
# every worker shares, or Redis where the deployment has it (CHILDFIRST_REDIS_URL).
_REDIS_URL = os.environ.get("CHILDFIRST_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "childfirst_figures_cache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Lock an account out after five failed sign-ins from one address, for an hour, and an
# address after CHILDFIRST_ADDRESS_FAILURE_LIMIT failed sign-ins over any usernames (password
# spraying; childfirst/accounts/lockout.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "childfirst.accounts.lockout.AddressLimitHandler"
AXES_CLIENT_IP_CALLABLE = "childfirst.accounts.lockout.client_address"
CHILDFIRST_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CHILDFIRST_ADDRESS_FAILURE_LIMIT", "20"))
# Behind a reverse proxy every request comes from the proxy's address. Set
# CHILDFIRST_CLIENT_ADDRESS_HEADER to the header YOUR proxy sets to the client's address
# (for example X-Forwarded-For; the last address in it is used, the one the proxy added).
# Unset (the default), only the connection's address (REMOTE_ADDR) counts and the header is
# ignored: never set it unless a proxy of the service's own sets that header on every
# request, or anyone could choose their address by sending it.
CHILDFIRST_CLIENT_ADDRESS_HEADER = os.environ.get("CHILDFIRST_CLIENT_ADDRESS_HEADER", "").strip()
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Two-factor sign-in (childfirst/accounts/two_factor.py; DEVELOPERS.md, "Two-factor
# sign-in"): everyone sets up an authenticator app and enters its code at each sign-in,
# whenever debug is off, except in demo mode.
CHILDFIRST_REQUIRE_TWO_FACTOR = not DEBUG
OTP_TOTP_ISSUER = "ChildFirst"

# A session not used for this many minutes is signed out ("You were signed out").
CHILDFIRST_SESSION_IDLE_MINUTES = int(os.environ.get("CHILDFIRST_SESSION_IDLE_MINUTES", "30"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production security is the default whenever debug is off (DEVELOPERS.md, "Production
# settings"): HTTPS only (plain http is redirected), cookies sent over HTTPS only, and
# HSTS for a year, subdomains included. CHILDFIRST_HTTPS=0 turns it off, only to try the
# service over plain http on loopback; make run has debug on, so it is not affected.
HTTPS = not DEBUG and os.environ.get("CHILDFIRST_HTTPS", "1") != "0"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # A load balancer's health probe often speaks plain http to the app server itself:
    # /healthz answers it there (it carries no data and no cookie).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Asking browsers to ship the name in their preload list is the service's own
    # decision (CHILDFIRST_HSTS_PRELOAD=1): it cannot quickly be undone.
    SECURE_HSTS_PRELOAD = os.environ.get("CHILDFIRST_HSTS_PRELOAD", "") == "1"
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a proxy that ends HTTPS, Django sees plain http: the proxy says the request came
# over HTTPS in a header, and CHILDFIRST_PROXY_HTTPS_HEADER names it (for example
# X-Forwarded-Proto). Trusted only when set, and set only when the proxy always sets the
# header itself, overwriting whatever a client sent.
if proxy_header := os.environ.get("CHILDFIRST_PROXY_HTTPS_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when it is missing
GOVUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
# ChildFirst's own static files: the ``childfirst`` package is not itself an installed
# app, so the app-directories finder would not find ``childfirst/static/``.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if GOVUK_FRONTEND_DIR.exists():
    STATICFILES_DIRS.append(("govuk", GOVUK_FRONTEND_DIR))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if os.environ.get("CHILDFIRST_STATIC_MANIFEST", "") == "1"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# Documents on a child's record (childfirst/casework/models/documents.py; docs/casework.md,
# "Documents"): kept outside the static files and any URL, sent only by the
# permission-checked download page. The folder is made when the first file is saved.
CHILDFIRST_DOCUMENT_ROOT = Path(os.environ.get("CHILDFIRST_DOCUMENT_ROOT", DATA_DIR / "documents"))
CHILDFIRST_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # the largest file accepted: 10 MB
# Uploads: a file up to 2.5 MB is read in memory, a larger one is spooled to a temporary
# file while the request arrives (Django's defaults, stated here on purpose).
# DATA_UPLOAD_MAX_MEMORY_SIZE caps the rest of a request's body (files are not counted, so
# documents up to CHILDFIRST_DOCUMENT_MAX_BYTES still arrive): 2.5 MB holds the largest form
# (an assessment's eleven boxes, each full at CHILDFIRST_TEXT_MAX_CHARACTERS, even in a
# script that takes several bytes a character); anything larger is refused with the 400
# page before any form sees it, and nothing is saved.
# Documents' files are readable by their owner and group only (a backup job's group).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # an audit standard's answers are a few dozen

# The most a free-text box takes (a note, an analysis, evidence): a long note is a few
# thousand words. Names and titles have their own, shorter limits. Forms say the limit and
# refuse more with a message naming the field (childfirst/ui/forms.py, limit_text).
CHILDFIRST_TEXT_MAX_CHARACTERS = 20_000

SERVICE_NAME = "ChildFirst"
SERVICE_PHASE = "Alpha"

# Logs go to standard error: one JSON object a line, with the request's id
# (childfirst/logs.py), unless CHILDFIRST_LOG_FORMAT=text. CHILDFIRST_LOG_LEVEL (default
# INFO) sets what is written: INFO has a line for every request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "childfirst.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("CHILDFIRST_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "childfirst": {"level": os.environ.get("CHILDFIRST_LOG_LEVEL", "INFO")},
        # Django's own line for each request says less than ours.
        "django.server": {"level": "WARNING"},
    },
}

# Casework deadlines (childfirst/casework/deadlines.py). Local policy, not national
# rules: the 2019 Standards and the YJB's Case Management Guidance confirm none of them, so
# services set their own (docs/casework.md, "My caseload and what is due").
CHILDFIRST_ASSESSMENT_WORKING_DAYS = 20  # assessment due after the work starts
CHILDFIRST_PLAN_WORKING_DAYS = 20  # plan due after the intervention starts
CHILDFIRST_REVIEW_MONTHS = 3  # between reviews
CHILDFIRST_CONTACT_INTERVAL_DAYS = {"standard": 14, "enhanced": 7, "intensive": 3}
CHILDFIRST_DUE_SOON_DAYS = 7  # how far ahead counts as "due soon"
CHILDFIRST_BANK_HOLIDAYS: list[str] = []  # ISO dates skipped as well as weekends

# Dates on a child's record (childfirst/casework/bounds.py; docs/casework.md, "Dates"):
# local policy, not national rules.
CHILDFIRST_EARLIEST_RECORD_DATE = "2000-01-01"  # no record dated before this
CHILDFIRST_FURTHEST_AHEAD_DAYS = 730  # how far ahead a date may be planned
CHILDFIRST_CHILD_AGE_RANGE = (8, 25)  # the ages today a date of birth may give
CHILDFIRST_DAYS_BEFORE_INTERVENTION = 90  # work and contacts this long before its start
CHILDFIRST_LONGEST_CONTACT_MINUTES = 480  # the longest a contact or appointment may last

# The joint decision panel (docs/permissions.md, "Police panel members"): police panel
# members see the panel pack of referrals still to be decided, and of those decided at a
# panel this many days ago or fewer; nothing older, and nothing else of the child.
CHILDFIRST_PANEL_RECENT_DAYS = 30

# Small numbers (childfirst/domain/disclosure.py): board members, who have no access to
# children's records, see counts from 1 to this number less one as "<5", and no rate
# worked out from them; so does anything printed for the board. 0 turns it off.
CHILDFIRST_SMALL_NUMBER_THRESHOLD = 5

# Unusual access to children's records (childfirst/domain/unusual_access.py): the list a
# service manager reads at /team/unusual-access/. Local policy, not national rules.
CHILDFIRST_UNUSUAL_WINDOW_DAYS = 7  # the period every rule looks back over
CHILDFIRST_UNUSUAL_OUTSIDE_TEAM_RECORDS = 10  # different children outside one's teams
CHILDFIRST_WORKING_HOURS = (8, 18)  # from 08:00 to 18:00, Monday to Friday
CHILDFIRST_UNUSUAL_OUT_OF_HOURS_VIEWS = 20  # records opened out of hours within one hour
# Every opening of a restricted record in the window is listed (no setting).

# KPI and national indicator counting rules the published sources leave uncertain
# (childfirst/performance/rules.py; docs/kpis/settings.md gives the source and why each default).
CHILDFIRST_KPI_ABOVE_SCHOOL_AGE = "academic_year"  # or "age_16"
CHILDFIRST_KPI_FULL_TIME_HOURS_SCHOOL_AGE = 25
CHILDFIRST_KPI_FULL_TIME_HOURS_ABOVE_SCHOOL_AGE = 16
CHILDFIRST_KPI_ACCOMMODATION_ALL_SUITABLE = True  # as the YJB code does for ETE
CHILDFIRST_KPI_SERIOUS_VIOLENCE_MIN_GRAVITY = 5
CHILDFIRST_KPI_CUSTODY_START_DAY_BEFORE_OUTCOME = True  # the YJB code's DTO rule
CHILDFIRST_KPI1_SECURED_AHEAD_DAYS = (28, 14, 7)  # bands of days before release
CHILDFIRST_KPI9_POPULATION_YEAR = "previous"  # or "same": kpi9_sv_summary_v8
CHILDFIRST_INDICATOR_POPULATION_YEAR = "same"  # or "previous": FTE and custody rates
CHILDFIRST_REOFFENDING_FOLLOW_UP_MONTHS = 12
CHILDFIRST_REOFFENDING_WAITING_MONTHS = 6
CHILDFIRST_REOFFENDING_EXCLUDE_BREACHES = True
CHILDFIRST_REOFFENDING_ANNUAL_FROM_QUARTERS = False  # a year is one cohort, each child once
CHILDFIRST_REOFFENDING_FOLLOW_UP_ENDS = "anniversary"  # or "day_before"

# Case audits (childfirst/audits): the default window of outcome dates eligible for an
# audit, in months before its fieldwork (HMIP Annexe 1: five to 12); each audit can set its own.
CHILDFIRST_AUDIT_WINDOW_MONTHS = (5, 12)

# Retention (docs/casework.md, "Retention and erasure"): a child's record is kept until
# the child is CHILDFIRST_RETENTION_AGE or CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION
# years after their last intervention ended, whichever is later (never while one is
# open); then a service manager may erase it. Set them from the service's records policy.
CHILDFIRST_RETENTION_AGE = 25
CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION = 6
