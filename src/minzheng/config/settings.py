"""minzheng settings: one module, every knob read from the environment.

DATABASE_URL unset → an SQLite file under ./var/ (the demo); postgres://… in production.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINZHENG_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """Read the key from the environment, else keep a generated one under var/ (demo machines)."""
    key = os.environ.get("MINZHENG_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(key)
        path.chmod(0o600)
    except OSError:
        pass  # read-only checkout: a per-process key still works, sessions just don't survive restarts
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("MINZHENG_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("MINZHENG_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MINZHENG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "minzheng.core.adminsite.PlatformAdminConfig",  # the Django admin: configuration only, 系统管理员 only
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
    "minzheng.core",
    "minzheng.registry",
    "minzheng.casework",
    "minzheng.eldercare",
    "minzheng.children",
    "minzheng.benefits",
    "minzheng.assistance",
    "minzheng.disability",
    "minzheng.datasets",
    "minzheng.funeral",
    "minzheng.rescue",
    "minzheng.placenames",
    "minzheng.charity",
    "minzheng.supplies",
    "minzheng.orgs",
    "minzheng.marriage",
    "minzheng.community",
    "minzheng.policy",
    "minzheng.portal",
    "minzheng.reports",
    "minzheng.grid",
    "minzheng.loadtest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "minzheng.core.middleware.InputBoundaryMiddleware",  # after the headers, before anything reads the database
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "minzheng.core.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "minzheng.core.middleware.AuditContextMiddleware",
    "minzheng.core.middleware.LoginRequiredMiddleware",
    "minzheng.portal.middleware.PortalMiddleware",  # /m/: the citizen's session, never a staff login
    "minzheng.core.web.ErrorPagesMiddleware",
]
CSRF_FAILURE_VIEW = "minzheng.core.views.csrf_failure"

ROOT_URLCONF = "minzheng.config.urls"
WSGI_APPLICATION = "minzheng.config.wsgi.application"

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
                "minzheng.core.context_processors.navigation",
                "minzheng.portal.context.portal",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'minzheng.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # The web server and the job worker write to the same file: WAL plus IMMEDIATE transactions
        # turn lock conflicts into short waits instead of "database is locked" errors.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security --------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["minzheng.core.auth.LockoutModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_MIN_LENGTH = _env_int("MINZHENG_PASSWORD_MIN_LENGTH", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "minzheng.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# 等保 2.0 三级: lock after repeated failures, time out idle sessions.
LOGIN_MAX_FAILURES = _env_int("MINZHENG_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = _env_int("MINZHENG_LOGIN_LOCKOUT_MINUTES", 30)
SESSION_IDLE_MINUTES = _env_int("MINZHENG_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The idle timeout: core.middleware.SessionIdleMiddleware saves a session in use at most once a minute (its expiry
# then a full SESSION_COOKIE_AGE ahead), not an UPDATE and a COMMIT on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_IDLE_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Behind HTTPS (MINZHENG_HTTPS=1; MINZHENG_SECURE_COOKIES=1 is the older name of the same switch): every
# plain-HTTP request is redirected, browsers are told to use HTTPS only (HSTS, one year), cookies are Secure.
# Behind a reverse proxy that terminates TLS, the proxy must set X-Forwarded-Proto (MINZHENG_BEHIND_PROXY=1).
HTTPS = _env_bool("MINZHENG_HTTPS", _env_bool("MINZHENG_SECURE_COOKIES", False))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False  # an intranet host name is not for the browsers' public preload list
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # …so check --deploy's preload advice does not apply
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP to the app server
if _env_bool("MINZHENG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from the platform's own static files — no inline script,
# no eval, nothing from another host. Inline style attributes stay allowed (ECharts, htmx indicators).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- language and time -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files: all served by the platform itself (no CDN) ---------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in tests and the demo without collectstatic
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- background jobs: the database is the queue (django-tasks API + django-tasks-db) -----------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("MINZHENG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- audit ---------------------------------------------------------------------------------------------
# Every request from these URL prefixes is public (no login).
PUBLIC_URL_PREFIXES = ("/login/", "/healthz", "/static/", "/open311/", "/api/v1/openapi.json", "/api/v1/docs")
PUBLIC_URL_PREFIXES += ("/charity/public/",)  # 慈善募捐信息公开 (《慈善法》第八章)
# the public check of a marriage certificate (its QR/URL): shows only what proves authenticity
PUBLIC_URL_PREFIXES += ("/marriage/verify/",)
PUBLIC_URL_PREFIXES += ("/verify/",)  # a certificate's QR code opens its public verification page
PUBLIC_URL_PREFIXES += ("/m/",)  # the citizens' site: its own sign-in (minzheng.portal), no staff login

# --- the citizens' site (/m/, minzheng.portal) ------------------------------------------------------------
PORTAL_PREFIX = "/m/"
PORTAL_COOKIE_NAME = "mz_citizen"
PORTAL_SESSION_IDLE_MINUTES = _env_int("MINZHENG_PORTAL_SESSION_IDLE_MINUTES", 30)
PORTAL_SESSION_MAX_HOURS = 12
PORTAL_REQUESTS_PER_MINUTE = _env_int("MINZHENG_PORTAL_REQUESTS_PER_MINUTE", 120)  # per address
PORTAL_CODE_MINUTES = 5
PORTAL_CODE_ATTEMPTS = 5
PORTAL_SMS_INTERVAL_SECONDS = 60
PORTAL_SMS_PER_PHONE_HOUR = 5
PORTAL_SMS_PER_PHONE_DAY = 10
PORTAL_SMS_PER_ID_DAY = 10
PORTAL_SMS_PER_IP_HOUR = 30
# Text messages (sign-in codes, notifications): a dotted path to a backend class, see minzheng.portal.sms.
SMS_BACKEND = os.environ.get("MINZHENG_SMS_BACKEND", "minzheng.portal.sms.ConsoleBackend")
SMS_FILE = os.environ.get("MINZHENG_SMS_FILE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINZHENG_LOG_LEVEL", "WARNING")},
}

# File cache shared by the web server and the job worker (live job progress, indicator results).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        # Django's default of 300 entries is less than two city dashboards' worth of cached indicator
        # figures (about 200 each); past the limit it deletes a third of the entries at random.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
