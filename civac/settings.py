"""Django settings for the compliance workspace.

Layers, applied in this order:

1. Defaults that run anywhere with nothing installed: SQLite in ``var/``, a
   Celery broker on the local file system, e-mails written to ``var/mail``.
2. Environment variables (read by the helpers in ``civac.env``, which reject
   malformed values at start-up): ``DATABASE_URL``, ``CELERY_BROKER_URL`` or
   ``REDIS_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``EMAIL_URL`` and others
   listed in ``docs/configuration.md``.
3. ``CIVAC_MODE=production`` switches on the hardening that
   ``manage.py check --deploy`` checks for and makes the secret key, allowed
   hosts and database mandatory.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from civac.api.tags import SCHEMA_TAGS
from civac.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CIVAC_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("CIVAC_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"Environment variable CIVAC_MODE={MODE!r} is invalid; use development or production."
    )
PRODUCTION = MODE == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)


def _development_secret_key() -> str:
    """Create a random key once per checkout so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = env_str("SECRET_KEY", required=PRODUCTION) or _development_secret_key()
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY is too short; use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Environment variable ALLOWED_HOSTS is missing; list the host names, separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes={"http", "https"}).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "civac.accounts",
    "civac.tenancy",
    "civac.audit",
    "civac.web",
    "mandates",
    "officers",
    "isms",
    "incidents",
    "reporting",
    "civac.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "civac.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civac.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "civac.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "civac.audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "civac.urls"
WSGI_APPLICATION = "civac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "civac.tenancy.context_processors.workspace",
                "civac.tenancy.context_processors.partners",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another server.
DATABASE_URL = env_url(
    "DATABASE_URL",
    None,
    schemes={"postgres", "postgresql", "pgsql", "sqlite"},
)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
elif PRODUCTION:
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL is missing; production needs PostgreSQL, "
        "for example postgres://civac@db:5432/civac."
    )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "civac.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so the audit chain's
    # read-then-append cannot deadlock on a lock upgrade half-way. Writers wait
    # for the lock up to the timeout below.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before first use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "civac.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# E-mails the user when their password, e-mail address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Reverse proxies of our own in front of the app; each appends to X-Forwarded-For.
# 0 trusts no header, so a client cannot choose the address its limits count on.
TRUSTED_PROXY_COUNT = env_int("CIVAC_TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Security keys and passkeys (WebAuthn); a passkey also signs in without a password.
MFA_PASSKEY_LOGIN_ENABLED = True
# Browsers treat http://localhost as secure, so development runs without TLS;
# production always has HTTPS and keeps the strict origin check.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "civac"
USERSESSIONS_TRACK_ACTIVITY = True

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["civac.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_WORKSPACE_TIME_ZONE = "Europe/Berlin"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# civac/ is the project package, not an installed app, so its static folder is listed here.
STATICFILES_DIRS = [BASE_DIR / "civac" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Largest evidence file accepted. Django still receives a larger body before the
# check rejects it, so a reverse proxy should cap request bodies a little above this.
CIVAC_EVIDENCE_MAX_BYTES = env_int("CIVAC_EVIDENCE_MAX_MB", 25, minimum=1, maximum=1024) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# E-mail: EMAIL_URL=smtp://user:pass@host:port (smtps:// for implicit TLS,
# add ?starttls=1 for STARTTLS); without it, mails are written to var/mail.
EMAIL_URL = env_url("EMAIL_URL", None, schemes={"smtp", "smtps", "file", "console"})
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "civac <no-reply@civac.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
if EMAIL_URL is None:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Environment variable EMAIL_URL is missing; production needs an SMTP server, "
            "for example smtp://user:password@mail.example.com:587?starttls=1."
        )
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    from civac.mailconfig import email_settings_from_url

    globals().update(email_settings_from_url(EMAIL_URL, file_path=EMAIL_FILE_PATH))

# Celery: the broker needs no server unless CELERY_BROKER_URL or REDIS_URL is set.
REDIS_URL = env_url("REDIS_URL", None, schemes={"redis", "rediss"})
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", REDIS_URL, schemes={"redis", "rediss", "filesystem", "memory"}
) or "filesystem://"
if PRODUCTION and CELERY_BROKER_URL.startswith(("filesystem", "memory")):
    raise ImproperlyConfigured(
        "Environment variable REDIS_URL is missing; production needs Redis as the Celery broker."
    )
# Cache: Redis in production (shared by all processes, so rate limits and
# used one-time codes hold across gunicorn workers), else memory per process.
CACHE_URL = env_url("CACHE_URL", REDIS_URL if PRODUCTION else None, schemes={"redis", "rediss"})
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
VERIFY_RATE_LIMIT_PER_MINUTE = env_int("CIVAC_VERIFY_RATE_LIMIT_PER_MINUTE", 30, minimum=1, maximum=10000)
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    _broker_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
ALERT_TICK_SECONDS = env_int("CIVAC_ALERT_TICK_SECONDS", 15, minimum=1, maximum=300)
ALERT_LEASE_SECONDS = env_int("CIVAC_ALERT_LEASE_SECONDS", 300, minimum=10, maximum=3600)
ALERT_LATE_AFTER_SECONDS = env_int("CIVAC_ALERT_LATE_AFTER_SECONDS", 300, minimum=0, maximum=86400)
# Lets webhooks call http:// and private addresses; for tests and local development only.
WEBHOOK_ALLOW_LOCAL_TARGETS = env_bool("CIVAC_WEBHOOK_ALLOW_LOCAL_TARGETS", False)
if PRODUCTION and WEBHOOK_ALLOW_LOCAL_TARGETS:
    raise ImproperlyConfigured(
        "Environment variable CIVAC_WEBHOOK_ALLOW_LOCAL_TARGETS must not be true in production; remove it."
    )
WEBHOOK_TIMEOUT_SECONDS = env_int("CIVAC_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
# The minimal page that bench/load.py compares every page with; off unless benchmarking.
BENCH_FLOOR = env_bool("CIVAC_BENCH_FLOOR", False)
# clamd (ClamAV's daemon) for evidence uploads: tcp://host:3310 or unix:///run/clamav/clamd.ctl.
# When set, each new file stays in quarantine until clamd has scanned it.
CLAMD_ADDRESS = env_url("CIVAC_CLAMD_ADDRESS", None, schemes={"tcp", "unix"})
CLAMD_SCAN_SECONDS = env_int("CIVAC_CLAMD_SCAN_SECONDS", 20, minimum=5, maximum=3600)
CELERY_BEAT_SCHEDULE = {
    "scan-pending-evidence": {
        "task": "isms.tasks.scan_pending_evidence",
        "schedule": float(CLAMD_SCAN_SECONDS),
        "options": {"expires": max(CLAMD_SCAN_SECONDS - 1, 1)},
    },
    "send-due-alerts": {
        "task": "incidents.tasks.send_due_alerts",
        "schedule": float(ALERT_TICK_SECONDS),
        # A tick that waited longer than its interval is superseded by the next one.
        "options": {"expires": max(ALERT_TICK_SECONDS - 1, 1)},
    },
    "send-qualification-reminders": {
        "task": "officers.tasks.send_qualification_reminders",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Hourly: a training that falls due gets its reminder task the same hour.
    "open-training-reminders": {
        "task": "isms.tasks.open_training_reminders",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Hourly, so a quarter's report follows its end within the hour in every time zone.
    "schedule-quarterly-reports": {
        "task": "reporting.tasks.schedule_quarterly_reports",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Hourly although a start date changes once a day: the workspace's midnight is not the server's,
    # and a run missed while beat was down is caught up within the hour.
    "activate-due-mandates": {
        "task": "mandates.tasks.activate_due_mandates",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
}

REST_FRAMEWORK = {
    # Token first: its "Bearer" challenge makes unauthenticated requests 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civac.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["civac.api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "civac.api.pagination.StableCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend",
                                "rest_framework.filters.OrderingFilter"],
    # JSON only: the browsable renderer would render outside the workspace context and needs inline scripts.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "civac.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "civac.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # Title, description and tags are lazy translations: the schema and its
    # documentation page follow ?lang=, else the user's or the browser's language.
    "TITLE": _("civac API"),
    "DESCRIPTION": _("Workspace-scoped REST API of the civac compliance workspace. Authenticate with a personal "
                     "access token (Authorization: Bearer <token>) or, in the browser, with the session. "
                     "Messages follow the Accept-Language header, else the language chosen in your account."),
    "TAGS": SCHEMA_TAGS,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ProtectionNeedEnum": "isms.models.assets.ProtectionNeed",
                            "LanguageEnum": "django.conf.settings.LANGUAGES"},
}
API_RATE_LIMIT_PER_MINUTE = env_int("CIVAC_API_RATE_LIMIT_PER_MINUTE", 120, minimum=1, maximum=100000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pyHanko logs a full traceback for every untrusted signature it checks,
        # which anyone can cause through the public verification page.
        "pyhanko": {"level": "ERROR"},
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_IDLE_MINUTES = env_int("CIVAC_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
SESSION_MAX_HOURS = env_int("CIVAC_SESSION_MAX_HOURS", 12, minimum=1, maximum=24 * 30)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# PAdES signing key and certificate for sealed PDFs (PEM file paths, used by civac.signing).
# Outside production, leaving both unset makes civac.signing create a self-signed development
# pair once in VAR_DIR / "signing". In production, signing raises ImproperlyConfigured without them.
CIVAC_SIGNING_KEY_FILE = env_str("CIVAC_SIGNING_KEY_FILE")
CIVAC_SIGNING_CERT_FILE = env_str("CIVAC_SIGNING_CERT_FILE")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
