"""Settings for renluyen, read from the environment.

Defaults run on a laptop (SQLite under var/, DEBUG on). Production sets at least
SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and DATABASE_URL; see docs/deployment.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RENLUYEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "renluyen.core",
    "renluyen.audit",
    "renluyen.organizations",
    "renluyen.people",
    "renluyen.programs",
    "renluyen.imports",
    "renluyen.activities",
    "renluyen.registrations",
    "renluyen.evaluations",
    "renluyen.notifications",
    "renluyen.support",
    "csp",
    "renluyen.progress",
    "renluyen.accounts",
    "renluyen.accounts.apps.AxesConfig",
    "renluyen.dashboards",
    "renluyen.reports",
    "renluyen.emulation",
    "renluyen.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First, so that every response carries the policy, static files and errors included.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renluyen.core.middleware.LanguageMiddleware",
    "renluyen.core.middleware.CleanInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renluyen.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in into the page saying when to try again.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renluyen.urls"
WSGI_APPLICATION = "renluyen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renluyen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renluyen.notifications.context_processors.nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'renluyen.sqlite3'}"),
        # Production (DEBUG=0, gunicorn's sync workers): each worker keeps its one
        # connection instead of opening one per request (a PostgreSQL connection costs
        # more than most pages' queries); checked before reuse after a database restart.
        # docs/performance.md says why not psycopg's pool.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when two requests overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# Sessions read from a cache every gunicorn worker of the host shares (files under
# var/), written through to the database: no session query per request, and a logout
# or a password change is seen by every worker at once (docs/performance.md: why not
# signed cookies, nor a per-worker memory cache). A missing or evicted file is read
# back from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("RENLUYEN_SESSION_CACHE", str(VAR_DIR / "sessions")),
        # Evicted sessions come back from the database; the bound keeps the folder small.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# axes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "renluyen.accounts.backends.ThrottleBackend",
    "renluyen.accounts.backends.MemberBackend",
]
# Sign-in throttling (renluyen/accounts/throttle.py says why these numbers).
AXES_HANDLER = "renluyen.accounts.throttle.Handler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 5  # per account; per address: throttle.ADDRESS_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCK_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "renluyen.accounts.throttle.username_of"
AXES_LOCKOUT_CALLABLE = "renluyen.accounts.throttle.lockout_response"
# Behind the HTTPS reverse proxy of docs/deployment.md, the client's address is the one
# the proxy adds last to X-Forwarded-For; AXES_PROXY_COUNT=1 there.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_VERBOSE = False
# An invitation link works this many days; an activation code this many.
ACCOUNT_INVITATION_DAYS = env_int("ACCOUNT_INVITATION_DAYS", 14)
ACTIVATION_CODE_DAYS = env_int("ACTIVATION_CODE_DAYS", 30)
PASSWORD_RESET_TIMEOUT = 2 * 3600  # a reset link works two hours

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "renluyen" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["renluyen.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide static folder is not inside an app, so the finders must be told.
STATICFILES_DIRS = [BASE_DIR / "renluyen" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Evidence files of the progress log: outside any folder a web server serves; only
# progress.views.entry_file reads them, after the policy (renluyen/progress/files.py).
EVIDENCE_DIR = Path(os.environ.get("RENLUYEN_EVIDENCE_DIR", VAR_DIR / "evidence"))
# Member-by-member exports longer than this run in the background (`run_exports`), their
# files kept here for two days (dashboards/jobs.py).
EXPORT_INLINE_ROWS = env_int("EXPORT_INLINE_ROWS", 20000)
EXPORT_DIR = Path(os.environ.get("RENLUYEN_EXPORT_DIR", VAR_DIR / "exports"))

# Uploads of 15,000-row member lists are a few MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renluyen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer probes /healthz over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site
# only; no inline script, no inline style, no eval, no framing, forms post here only.
# Templates load JS from renluyen/static/renluyen/*.js and pass data in data-* attributes
# or json_script; core/tests/test_csp.py fails when a template carries inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
