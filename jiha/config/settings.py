"""Django settings, read from the environment. Every variable is documented in .env.example."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from jiha.config.env import envbool, envint, envlist, envsecret, envstr, local_secret_key
from jiha.lib import database

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(envstr("JIHA_VAR_DIR", str(BASE_DIR / "var")))

# One switch turns every production safeguard on (secure cookies, HSTS, SSL redirect, no
# generated secret key, no demo accounts).
PRODUCTION = envbool("JIHA_PRODUCTION", False)
DEBUG = envbool("JIHA_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("JIHA_DEBUG cannot be on when JIHA_PRODUCTION is on.")

_secret = envsecret("SECRET_KEY")
if _secret is None and PRODUCTION:
    raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when JIHA_PRODUCTION is on.")
SECRET_KEY = _secret or local_secret_key(VAR_DIR)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when JIHA_PRODUCTION is on.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://localhost:8000")

INSTALLED_APPS = [
    "jiha.portal",
    "jiha.regions",
    "jiha.audit",
    "jiha.accounts",
    "jiha.incentives",
    "jiha.observatory",
    "jiha.competitiveness",
    "jiha.reforms",
    "jiha.exports",
    "jiha.programme",
    "jiha.talent",
    "jiha.accounts.apps.JihaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /fr/… → the unprefixed French page; a first visit follows the browser's language.
    "jiha.lib.middleware.LanguageRoutingMiddleware",
    "jiha.lib.middleware.ApiLanguageMiddleware",
    # Before anything reads the body (CSRF does); after the language is known.
    "jiha.lib.middleware.RequestSizeLimitMiddleware",
    "jiha.lib.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jiha.accounts.middleware.SessionTimeoutMiddleware",
    "jiha.accounts.middleware.SecondFactorMiddleware",
    "jiha.accounts.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous GETs answered from the cache under the data version (docs/decisions/0033).
    "jiha.portal.pagecache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # An AppError a view lets through becomes its page (the one place; see the module).
    "jiha.portal.middleware.AppErrorMiddleware",
    # Last, so its process_exception sees a view's database timeout first.
    "jiha.lib.middleware.DatabaseErrorMiddleware",
]

ROOT_URLCONF = "jiha.config.urls"
WSGI_APPLICATION = "jiha.config.wsgi.application"
ASGI_APPLICATION = "jiha.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiha.portal.context_processors.site",
                "jiha.accounts.context_processors.second_factor",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL through DATABASE_URL -----------------
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiha.sqlite3'}"),
        # Connections are kept between requests (a new one cost a few ms per request) and
        # checked before reuse, so a restarted database costs one failed check, not an error.
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == database.SQLITE:
    # WAL + a busy timeout (DB_LOCK_TIMEOUT) let the web process and the worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
# Timeouts in seconds (0 = no limit): a held lock or a database that does not answer gives a
# quick 503 instead of stalling every web process. The `jiha` command (the worker's imports
# with COPY, migrations) sets JIHA_PROCESS_KIND=batch: long statements are its job.
PROCESS_KIND = envstr("JIHA_PROCESS_KIND", "web")
DB_STATEMENT_TIMEOUT = (
    envint("DB_WORKER_STATEMENT_TIMEOUT", 3600)
    if PROCESS_KIND == "batch"
    else envint("DB_STATEMENT_TIMEOUT", 10)
)
DB_LOCK_TIMEOUT = envint("DB_LOCK_TIMEOUT", 3)
DB_CONNECT_TIMEOUT = envint("DB_CONNECT_TIMEOUT", 5)
DATABASES["default"]["OPTIONS"] = database.with_timeouts(
    DATABASES["default"]["ENGINE"],
    DATABASES["default"].get("OPTIONS", {}),
    connect=DB_CONNECT_TIMEOUT,
    statement=DB_STATEMENT_TIMEOUT,
    lock=DB_LOCK_TIMEOUT,
)
# /healthz answers within about this many seconds, whatever the database does.
JIHA_HEALTHZ_TIMEOUT = envint("JIHA_HEALTHZ_TIMEOUT", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set (needed for login throttling across processes) -----
_redis_url = envstr("REDIS_URL", "")
# Rate limits and login throttling count in the cache: with a per-process memory cache, each
# web process would keep its own counters. Production needs Redis, unless the operator states
# that exactly one process serves the site (the gunicorn config refuses more workers then).
SINGLE_PROCESS = envbool("JIHA_SINGLE_PROCESS", False)
if PRODUCTION and not _redis_url and not SINGLE_PROCESS:
    raise ImproperlyConfigured(
        "Set REDIS_URL when JIHA_PRODUCTION is on, so that every web process shares the rate "
        "limit and login throttling counters (or JIHA_SINGLE_PROCESS=1 to run one process only)."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous pages and API answers are kept this many seconds in the cache, under the data
# version (jiha.portal.pagecache; docs/decisions/0033); 0 turns the page cache off.
JIHA_PAGE_CACHE_SECONDS = envint("JIHA_PAGE_CACHE_SECONDS", 300)

# Per-client rate limits (jiha.lib.ratelimit, django-ratelimit) count in this cache. Its checks
# know Django's own Redis backend only as "not officially supported" (it predates it; the
# backend increments atomically). Without Redis the counters are per process: right for one
# process, so the "not a shared cache" error is silenced only then.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not _redis_url:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Background work: the Django tasks API (django-tasks backport, database backend) -------
TASKS = {
    "default": {
        "BACKEND": envstr("JIHA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# `jiha worker` renews its lease this often; a task still running under a lease not renewed
# for JIHA_WORKER_LEASE_SECONDS lost its worker: it goes back to the queue, or is failed once
# it has been started JIHA_TASK_ATTEMPTS times. Every worker looks for such tasks when it starts
# and every JIHA_WORKER_SWEEP_SECONDS (jiha.portal.workers; docs/decisions/0034).
JIHA_WORKER_HEARTBEAT_SECONDS = envint("JIHA_WORKER_HEARTBEAT_SECONDS", 10)
JIHA_WORKER_LEASE_SECONDS = envint("JIHA_WORKER_LEASE_SECONDS", 60)
JIHA_WORKER_SWEEP_SECONDS = envint("JIHA_WORKER_SWEEP_SECONDS", 30)
JIHA_TASK_ATTEMPTS = envint("JIHA_TASK_ATTEMPTS", 2)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Jiha] "
ACCOUNT_ADAPTER = "jiha.accounts.adapters.AccountAdapter"
# Anyone may create an account (candidates, company staff); organisations are verified apart.
JIHA_SIGNUP_OPEN = envbool("JIHA_SIGNUP_OPEN", True)
# Login throttling (docs/decisions/0004-login-throttling.md): allauth's rate limits, kept in
# the cache, keyed on the client address the trusted proxy saw (JIHA_TRUSTED_PROXY_COUNT).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords per client address, and per (account, client address) pair: the key.
    # An increasing wait for that client only; below the account's limit, so one address
    # can never pause an account.
    "login_failed": "10/m/ip,5/5m/key,20/h/key,50/d/key",
    # Wrong passwords per account from every address: when full, password sign-in to the
    # account pauses and its owner is e-mailed a link to sign in with a new password.
    "login_failed_account": "30/h/key,100/d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# The e-mailed link (a password reset) signs the owner in, through TOTP when they have it.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Tell people by e-mail when their password, addresses or second factor change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Jiha"

# --- E-mail: printed on the console unless an SMTP host is configured ----------------------
EMAIL_HOST = envstr("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
elif PRODUCTION:
    raise ImproperlyConfigured("Set EMAIL_HOST when JIHA_PRODUCTION is on.")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Jiha <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages: French by default, Arabic (right to left), English ------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["jiha.config.formats"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True

# --- Static files: built by the Makefile from npm packages, served by WhiteNoise -----------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
WHITENOISE_MIMETYPES = {".geojson": "application/geo+json"}
# Source maps are fetched only by developer tools; compressing them (several MB for the API docs'
# bundles) took most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# --- Request limits: an oversized body is refused with 413 before any view reads it --------
JIHA_MAX_REQUEST_BYTES = envint("JIHA_MAX_REQUEST_BYTES", 8 * 1024 * 1024)
# Dataset uploads (CSV/XLSX) may be larger than other requests.
JIHA_MAX_UPLOAD_BYTES = envint("JIHA_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
# Uploads larger than this are checked and loaded by the background worker, with progress.
JIHA_IMPORT_ASYNC_BYTES = envint("JIHA_IMPORT_ASYNC_BYTES", 5 * 1024 * 1024)
# A background import renews its lease this often; one not renewed for the number of minutes
# below lost its worker and is run again once, then failed.
JIHA_IMPORT_HEARTBEAT_SECONDS = envint("JIHA_IMPORT_HEARTBEAT_SECONDS", 5)
JIHA_IMPORT_STALE_MINUTES = envint("JIHA_IMPORT_STALE_MINUTES", 5)
JIHA_UPLOAD_PATH_MARKERS = ("/observatory/datasets/", "/api/datasets/", "/documents/")
DATA_UPLOAD_MAX_MEMORY_SIZE = JIHA_MAX_REQUEST_BYTES

# --- Incentive simulator: bounded work and rate limits (measured in docs/benchmarks.md) -----
# A synchronous simulation (page or POST /api/incentives/simulate) may ask for at most this many
# employees (sum of the hire groups' counts), training rows (each training once per member of
# its group) and years; larger ones go to the batch path (POST /api/incentives/simulations).
JIHA_SIMULATE_MAX_EMPLOYEES = envint("JIHA_SIMULATE_MAX_EMPLOYEES", 20_000)
JIHA_SIMULATE_MAX_TRAININGS = envint("JIHA_SIMULATE_MAX_TRAININGS", 20_000)
JIHA_SIMULATE_MAX_YEARS = envint("JIHA_SIMULATE_MAX_YEARS", 10)
# Requests a client may make to the synchronous simulator (django-ratelimit syntax: 20/m).
JIHA_SIMULATE_RATE = envstr("JIHA_SIMULATE_RATE", "10/m")
# API tokens: every token expires; its lifetime may not exceed this many days.
JIHA_API_TOKEN_MAX_DAYS = envint("JIHA_API_TOKEN_MAX_DAYS", 365)
# An export of dossiers whose worker gave no sign of life for this long ends as failed.
JIHA_EXPORT_STALE_SECONDS = envint("JIHA_EXPORT_STALE_SECONDS", 600)
# The batch path runs in the worker, for signed-in users, with its own bounds and rate.
JIHA_SIMULATION_BATCH_MAX_EMPLOYEES = envint("JIHA_SIMULATION_BATCH_MAX_EMPLOYEES", 1_000_000)
JIHA_SIMULATION_BATCH_MAX_TRAININGS = envint("JIHA_SIMULATION_BATCH_MAX_TRAININGS", 1_000_000)
JIHA_SIMULATION_BATCH_MAX_YEARS = envint("JIHA_SIMULATION_BATCH_MAX_YEARS", 30)
JIHA_SIMULATION_BATCH_RATE = envstr("JIHA_SIMULATION_BATCH_RATE", "10/h")
# Texts a client may have read for skills (talent: CV or offer, up to 50,000 characters each).
JIHA_TALENT_EXTRACT_RATE = envstr("JIHA_TALENT_EXTRACT_RATE", "20/m")
# A batch simulation still "running" with no sign of life for this many seconds (its worker
# died) is marked failed.
JIHA_SIMULATION_JOB_LEASE_SECONDS = envint("JIHA_SIMULATION_JOB_LEASE_SECONDS", 600)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Dossiers: a decision above this amount (MAD) waits for a second reviewer (four eyes) ---
JIHA_DOSSIER_SECOND_REVIEW_ABOVE = envint("JIHA_DOSSIER_SECOND_REVIEW_ABOVE", 500_000)

# --- Audit log: daily digests of the chain head are written here, outside the database --------
JIHA_AUDIT_DIGEST_DIR = Path(envstr("JIHA_AUDIT_DIGEST_DIR", str(VAR_DIR / "audit-digests")))

# --- Documents: private storage and virus scanning (decisions/0011) --------------------------
# Uploaded documents, decision letters and payment exports: outside the static and media trees,
# served only through views that check who asks.
JIHA_PRIVATE_STORAGE_DIR = Path(envstr("JIHA_PRIVATE_STORAGE_DIR", str(VAR_DIR / "private")))
JIHA_DOCUMENT_MAX_BYTES = envint("JIHA_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# Scanning is on unless an administrator explicitly switches it off (a warning is then shown).
JIHA_VIRUS_SCAN = envbool("JIHA_VIRUS_SCAN", True)
JIHA_CLAMD_SOCKET = Path(envstr("JIHA_CLAMD_SOCKET", str(VAR_DIR / "clamd" / "clamd.sock")))
JIHA_CLAMD_TCP = envstr("JIHA_CLAMD_TCP", "")  # host:port, instead of the unix socket
JIHA_CLAMD_TIMEOUT = envint("JIHA_CLAMD_TIMEOUT", 60)
# A scan that fails or times out is tried this many times, then reported as failed; a scan
# still pending after this many minutes (its worker died) is taken up again by the sweeper.
JIHA_SCAN_ATTEMPTS = envint("JIHA_SCAN_ATTEMPTS", 3)
JIHA_SCAN_STALE_MINUTES = envint("JIHA_SCAN_STALE_MINUTES", 10)

# --- Security -------------------------------------------------------------------------------
# Proxies in front of Jiha that append to X-Forwarded-For (0: Jiha faces clients directly).
# Login throttling (allauth) and Jiha's own rate limits key on the address this designates.
JIHA_TRUSTED_PROXY_COUNT = envint("JIHA_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = JIHA_TRUSTED_PROXY_COUNT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this long without a request, and this long after sign-in whatever the use
# (jiha.accounts.middleware.SessionTimeoutMiddleware; docs/security.md).
JIHA_SESSION_IDLE_SECONDS = envint("JIHA_SESSION_IDLE_SECONDS", 30 * 60)
JIHA_SESSION_ABSOLUTE_SECONDS = envint("JIHA_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = JIHA_SESSION_ABSOLUTE_SECONDS
# Sensitive changes need a password or TOTP proof this recent (recent_reauthentication_required).
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("JIHA_REAUTHENTICATION_SECONDS", 5 * 60)
if PRODUCTION:
    # __Host-: sent only over HTTPS, to this host only, for the whole site (no Domain).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SECURE_SSL_HOST = None
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The Content Security Policy is on everywhere, so development sees what production blocks.
# Observable Plot writes a <style> element into each chart, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_MAX_LIMIT = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
