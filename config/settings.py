"""Settings for every environment, read from environment variables only.

The defaults serve the local demo: SQLite, the database task queue, the
local-memory cache and media on disk. `config.production` hardens them.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = BASE_DIR / "site"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local demo only; config.production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-demo-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "events",
    "registrations",
    "registrations.logistics",
    "registrations.checkin",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "phonenumber_field",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "events.middleware.PublishedPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "events.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the site) go on while a writer (the worker) commits.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fao",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered public pages are kept this long at most; publishing invalidates them at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A check-in can be undone at the gate this many minutes after it was recorded.
CHECKIN_ANNUL_MINUTES = int(os.environ.get("CHECKIN_ANNUL_MINUTES", "5"))

# Background work (search indexing, email) goes through a task queue, chosen by TASKS_BACKEND:
# - "database" (default): django-tasks-db, run by `manage.py db_worker`;
# - "rq": Redis at REDIS_URL through django-tasks-rq (requirements-scale.txt), run by
#   `manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler`
#   (the job class is required; the scheduler runs retries that wait);
# - "immediate": tasks run inline, in the request (tests that don't exercise a worker).
# Django's own `django.tasks` and Wagtail's (the django-tasks backport) both read TASKS.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    # Jobs may wait long for a slow mail server; results are kept a day for the RQ dashboard.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900, "DEFAULT_RESULT_TTL": 86400}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Chinese first (the office's own), English for foreign guests.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese (Simplified)")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ORIGIN = ""
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage for media when several app servers share it
    # (django-storages, from requirements-scale.txt). Keys come from AWS_ACCESS_KEY_ID
    # and AWS_SECRET_ACCESS_KEY in the environment.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
    MEDIA_ORIGIN = (
        f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        else os.environ.get("AWS_S3_ENDPOINT_URL", "https://*.amazonaws.com")
    )
# The local demo serves media and un-collected static files itself; production
# leaves media to the proxy or object storage and static files to collectstatic.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
# Before the first collectstatic the folder is missing; WhiteNoise serves from the finders then.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "湖南省外事侨务港澳事务办公室")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "zip", "jpg", "png"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Domain in iCalendar UIDs: must never change once calendars are out there.
ICAL_UID_DOMAIN = os.environ.get("ICAL_UID_DOMAIN", "events.fao.hunan.gov.cn")

EMAIL_URL = os.environ.get("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "湖南省外事办 <events@fao.hunan.gov.cn>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who hears of server errors: ADMINS="Ada <ada@example.org>, ops@example.org".
ADMINS = [address.strip() for address in os.environ.get("ADMINS", "").split(",") if address.strip()]
# Mail goes out through Django's default mailer (Django 6.1's MAILERS setting, which
# replaces EMAIL_BACKEND): EMAIL_URL=smtp://user:password@host:port, submission:// for
# STARTTLS (587) or smtps:// for TLS (465). Without it, the local demo prints messages.
SMTP_PORTS = {"smtp": 25, "smtps": 465, "submission": 587}
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    if _email.scheme not in SMTP_PORTS:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or submission://")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email.hostname or "localhost",
                "port": _email.port or SMTP_PORTS[_email.scheme],
                "timeout": 20,
                "username": unquote(_email.username or ""),
                "password": unquote(_email.password or ""),
                "use_ssl": _email.scheme == "smtps",
                "use_tls": _email.scheme == "submission",
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# How many connections to the mail server one task worker keeps busy at once when it sends
# a batch (invitations): the server's round trips then overlap. 1 sends one after another.
EMAIL_CONNECTIONS = int(os.environ.get("EMAIL_CONNECTIONS", "4"))
# The outbox sweep (registrations.tasks.sweep_outbox) runs this often while mail is pending, and
# sends again an attempt that a dead worker left without an outcome for OUTBOX_STUCK_SECONDS.
OUTBOX_SWEEP_SECONDS = int(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
OUTBOX_STUCK_SECONDS = int(os.environ.get("OUTBOX_STUCK_SECONDS", "180"))

# Strict policy: no inline script or style anywhere on the public site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.bilibili.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin ships inline script and style of its own; it is staff-only.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:"],
    "frame-src": [CSP.SELF, "https:"],
}
# The gate scanner decodes QR codes in WebAssembly (zxing-wasm) where the browser has no BarcodeDetector.
SECURE_CSP_CHECKIN = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL]}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

PHONENUMBER_DEFAULT_REGION = "CN"
# Hong Kong, Macao and Taiwan are regions, not countries, in the office's lists.
COUNTRIES_OVERRIDE = {
    "HK": _("Hong Kong SAR, China"),
    "MO": _("Macao SAR, China"),
    "TW": _("Taiwan, China"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
