"""Settings shared by every environment.

The embedded default needs no environment variable: SQLite in the data folder, in-process tasks and e-mail
written to files. Production picks PostgreSQL, Celery with Redis and SMTP through ``SORI_*`` variables.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from sori.config.paths import data_dir

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = data_dir()

SECRET_KEY = os.environ.get("SORI_SECRET_KEY", "")
DEBUG = os.environ.get("SORI_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("SORI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SORI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sori.core",
    "sori.attachments",
    "sori.registry",
    "sori.engagement",
    "sori.voices",
    "sori.policy",
    "sori.feedback",
    "sori.reports",
    "sori.programs",
    "sori.webhooks",
    "sori.api",
    "ninja",  # the API documents' templates and the Swagger UI it ships
    "sori.home",
    "sori.ops",
    "django_prometheus",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "sori.ops.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sori.core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sori.core.idle_sessions.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sori.core.otp_middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with the lockout page
]

# Content security policy (django-csp): pages load scripts, style sheets, fonts and images from Sori alone and
# run no code written into the page (no inline script, style or event attribute), so markup slipped into a
# page cannot act. Responses that set their own policy keep it (attachments: sandbox).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "sori.config.urls"
WSGI_APPLICATION = "sori.config.wsgi.application"

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
                "sori.home.context_processors.roles",
            ],
            "builtins": [
                "sori.core.templatetags.sori_format",
                "sori.core.templatetags.panels",
                "sori.voices.templatetags.outcomes",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SORI_DATABASE_URL", f"sqlite:///{DATA_DIR / 'sori.sqlite3'}"),
        conn_max_age=int(os.environ.get("SORI_DB_CONN_MAX_AGE", "60")),
    )
}


def sqlite_options() -> dict[str, object]:
    """Return how Sori opens the embedded SQLite database.

    SQLite serialises writers. A transaction that read first and then writes while another writer holds the
    lock fails at once ("database is locked"), whatever the busy timeout: taking the write lock at BEGIN
    (IMMEDIATE) makes it wait instead, so a visitor's 공감 waits for a staff import rather than failing.
    WAL lets pages keep reading while the import writes.
    """
    return {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}


if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = sqlite_options()
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): five wrong passwords for an account lock it for fifteen minutes, whatever
# the address they come from; a right password in between starts the count again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SORI_LOGIN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SORI_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that a lock without the address can be dodged by changing browser or cookies; a lock on the
# account cannot, and a lock on the address would shut out a whole office behind one address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sori.core.lockout.locked_out"
AXES_VERBOSE = False
# A signed-in session ends after this long without a request (see sori.core.idle_sessions).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SORI_SESSION_IDLE_MINUTES", "60"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "home:front"


def env_flag(name: str, default: bool) -> bool:
    """Return a yes/no setting from the environment: 1/true/yes or 0/false/no, else ``default``."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("1", "true", "yes", "0", "false", "no"):
        raise ImproperlyConfigured(f"{name}={value!r}: use 1 or 0")
    return value in ("1", "true", "yes")


# The second factor (an authenticator app's code, or a one-time backup code; see sori.core.otp). When it is
# required, committee staff, officers and administrators set one up before any page opens; production
# requires it, the embedded default and the tests do not.
SORI_OTP_REQUIRED = env_flag("SORI_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "소리 Sori"  # the name authenticator apps show beside the account

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# The cache: this process's memory by default; Redis (SORI_CACHE_URL) when the site runs in several processes.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["SORI_CACHE_URL"]}
        if os.environ.get("SORI_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Public pages are served from the cache until something they show changes (sori.feedback.public_cache);
# 공감 counts may lag this many seconds. 0 turns the page cache off.
SORI_PUBLIC_CACHE_SECONDS = int(os.environ.get("SORI_PUBLIC_CACHE_SECONDS", "60"))

# Backups keep times to the microsecond (Django's own JSON cuts them to milliseconds).
SERIALIZATION_MODULES = {"sorijson": "sori.core.exact_json"}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Attachments (meeting slides, supporting documents): at most this size each, kept under MEDIA_ROOT, or in
# S3-compatible storage when SORI_S3_BUCKET is set (pip install 'sori[s3]'; credentials from the usual
# AWS_* variables). Files in S3 are not in `sori backup`: back the bucket up with its own tools.
SORI_ATTACHMENT_MAX_MB = int(os.environ.get("SORI_ATTACHMENT_MAX_MB", "30"))
if os.environ.get("SORI_S3_BUCKET"):
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["SORI_S3_BUCKET"],
                "endpoint_url": os.environ.get("SORI_S3_ENDPOINT_URL") or None,
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# E-mail: SORI_EMAIL_URL=smtp://user:pass@host:587?tls=1, console:// or file:///path (the default).
from sori.config.email import email_settings  # noqa: E402

globals().update(email_settings(os.environ.get("SORI_EMAIL_URL", ""), DATA_DIR))
DEFAULT_FROM_EMAIL = os.environ.get("SORI_FROM_EMAIL", "sori@localhost")
SORI_SITE_URL = os.environ.get("SORI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The hour (0–23, site time) from which each person who chose one digest a day gets it.
SORI_DIGEST_HOUR = int(os.environ.get("SORI_DIGEST_HOUR", "8"))
if not 0 <= SORI_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"SORI_DIGEST_HOUR={SORI_DIGEST_HOUR}: use an hour from 0 to 23")

# Tasks: in-process unless a broker is configured.
# (In-process tasks still build a producer; an in-memory "broker" keeps kombu from warning about its host.)
CELERY_BROKER_URL = os.environ.get("SORI_BROKER_URL", "") or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("SORI_BROKER_URL", "")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# Results are kept (an hour) only so an organising run can collect its chunks from other workers.
CELERY_RESULT_BACKEND = os.environ.get("SORI_RESULT_BACKEND", "") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else None
)
CELERY_RESULT_EXPIRES = 3600
# Where organising runs do their bulk work: "auto", a number of processes, or "celery" (see voices/organise/
# workers.py); with "celery", start workers for SORI_TEXT_QUEUE too: celery -A sori.config.celery worker -Q …
SORI_TEXT_WORKERS = os.environ.get("SORI_TEXT_WORKERS", "auto").strip().lower()
if SORI_TEXT_WORKERS not in ("auto", "celery") and not SORI_TEXT_WORKERS.isdigit():
    raise ImproperlyConfigured(
        f"SORI_TEXT_WORKERS={SORI_TEXT_WORKERS!r}: use auto, celery or a number of processes such as 2"
    )
SORI_TEXT_QUEUE = os.environ.get("SORI_TEXT_QUEUE", "sori-text")
SORI_TEXT_CHUNK_TIMEOUT = int(os.environ.get("SORI_TEXT_CHUNK_TIMEOUT", "3600"))  # seconds to wait for chunks
CELERY_TIMEZONE = TIME_ZONE

# Proposal text beyond this is refused with a message, never truncated.
SORI_MAX_TEXT_LENGTH = 20_000
# Days a department has for its first answer once a demand is assigned (민원처리법: 건의 14일).
SORI_ANSWER_DAYS = int(os.environ.get("SORI_ANSWER_DAYS", "14"))
# "calendar" days, or "working" days as 민원처리법 counts them (first day counted, weekends, holidays not).
SORI_ANSWER_DAY_KIND = os.environ.get("SORI_ANSWER_DAY_KIND", "calendar")
# Per submission channel (web, email, document), e.g. SORI_ANSWER_DAYS_WEB=14; a series' days come first.
SORI_ANSWER_DAYS_BY_SOURCE = {
    source: int(os.environ[f"SORI_ANSWER_DAYS_{source.upper()}"])
    for source in ("web", "email", "document")
    if os.environ.get(f"SORI_ANSWER_DAYS_{source.upper()}")
}
# Web proposers are erased (name, e-mail, phone) this many days after their last proposal or reply, as the
# consent notice on the proposal form says (it shows this period); 1095 days: the notice's 3 years.
SORI_CONTACT_RETENTION_DAYS = int(os.environ.get("SORI_CONTACT_RETENTION_DAYS", "1095"))
# Who answers the public (the contact page and the privacy policy name them), and the privacy officer
# (개인정보 보호책임자) the personal data law asks the policy to name; the date the policy took effect.
SORI_CONTACT_NAME = os.environ.get("SORI_CONTACT_NAME", "광주광역시의회 인공지능실증도시특별위원회 사무국")
SORI_CONTACT_EMAIL = os.environ.get("SORI_CONTACT_EMAIL", "")
SORI_CONTACT_PHONE = os.environ.get("SORI_CONTACT_PHONE", "")
SORI_CONTACT_ADDRESS = os.environ.get("SORI_CONTACT_ADDRESS", "광주광역시 서구 내방로 111 광주광역시의회")
SORI_PRIVACY_OFFICER = os.environ.get("SORI_PRIVACY_OFFICER", "")
SORI_PRIVACY_POLICY_DATE = os.environ.get("SORI_PRIVACY_POLICY_DATE", "")
# Departments are reminded this many days before the deadline, on the first day overdue, then weekly.
SORI_REMIND_DAYS_BEFORE = int(os.environ.get("SORI_REMIND_DAYS_BEFORE", "3"))
# Who is reminded of MOU commitments past their date (comma-separated); default: committee staff accounts.
SORI_MOU_REMINDER_TO = os.environ.get("SORI_MOU_REMINDER_TO", "")
# An open introduction (미드필더 연결) with no step for this many days is stalled: listed and reminded once.
SORI_INTRODUCTION_STALL_DAYS = int(os.environ.get("SORI_INTRODUCTION_STALL_DAYS", "30"))

# Logs on standard error, one line each, with the request id; SORI_LOG_FORMAT=json for a log collector.
SORI_LOG_FORMAT = os.environ.get("SORI_LOG_FORMAT", "text").strip().lower()
if SORI_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"SORI_LOG_FORMAT={SORI_LOG_FORMAT!r}: use text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sori.ops.request_ids.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": SORI_LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SORI_LOG_LEVEL", "WARNING")},
}
# /metrics is open on the loopback and private networks only, or to a bearer of this token.
SORI_METRICS_TOKEN = os.environ.get("SORI_METRICS_TOKEN", "")
