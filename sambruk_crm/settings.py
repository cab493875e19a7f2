"""Settings for Sambruk CRM, read from the environment (see README, "Configuration")."""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_int(name: str, *, default: int, minimum: int) -> int:
    """A whole-number setting from the environment. A value that is not a whole number, or
    is below ``minimum``, stops the CRM at start-up with a message naming the variable."""
    try:
        value = env.int(name, default=default)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {env.str(name)!r}."
        ) from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for local development; never used with DEBUG off.
    SECRET_KEY = "django-insecure-development-key-not-for-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    # Django would answer every request with 400 Bad Request.
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the host names the CRM answers to when DEBUG is off, "
        "for example ALLOWED_HOSTS=crm.sambruk.se."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The Django admin, open only after two-factor login (django-otp's OTPAdminSite).
    "security.otp_admin.OTPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Bootstrap 5.3's files as static files (bootstrap/css/…, bootstrap/js/…), from
    # django-bootstrap-static: the CRM runs on intranets, so never from a CDN.
    "bootstrap",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "members",
    "services",
    "contracts",
    "contacts",
    "deals",
    "leads",
    "notes",
    "tasks",
    "fees",
    "reports",
    "security",
    "privacy",
    "workspace",
    "api",
]

MIDDLEWARE = [
    # First: the request runs where no call crosses a frame-stack chunk (core.middleware).
    "core.middleware.FreshStackMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "security.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "security.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sambruk_crm.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "sambruk_crm.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as the database of several users at once. A write transaction takes the write
    # lock when it begins (BEGIN IMMEDIATE): of two at the same moment the second waits, up
    # to the busy timeout, for the first to commit and then reads what it wrote; with
    # SQLite's default (deferred) it would read first and then fail with "database is
    # locked". The write-ahead log lets pages be read while someone writes; with it,
    # synchronous=NORMAL is safe and spares a disk sync on every commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", default=20, minimum=1),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes' backend first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format in every language and on every page: sambruk_crm/formats/.
FORMAT_MODULE_PATH = ["sambruk_crm.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/crm_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# Admin imports from the old CRM (see README, "Moving data from the old CRM"): each import
# runs in one transaction, so a single rejected row leaves the database untouched.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Personal data (GDPR): leads never converted and untouched for this many months are listed
# for review at /privacy/stale-leads/ and erased by `manage.py purge_stale_leads`.
PRIVACY_STALE_LEAD_MONTHS = env_int("PRIVACY_STALE_LEAD_MONTHS", default=24, minimum=1)

# --- Tasks and reminders (README, "Tasks and reminders") ----------------------------------

# Where the CRM is reached, for the links in emails and calendar feeds.
CRM_BASE_URL = env.str("CRM_BASE_URL", default="http://127.0.0.1:8000")

# Email: EMAIL_URL (smtp://host:25, smtp+tls://user:password@host:587 for STARTTLS,
# smtp+ssl://… for TLS) or the separate EMAIL_* variables; the console with DEBUG.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sambruk CRM <crm@localhost>")

# The daily rules that make tasks (crm_daily): each on or off, with its horizon in days.
TASK_RULE_CONTRACT_ENDING = env.bool("TASK_RULE_CONTRACT_ENDING", default=True)
TASK_RULE_CONTRACT_ENDING_DAYS = env_int("TASK_RULE_CONTRACT_ENDING_DAYS", default=90, minimum=1)
TASK_RULE_STALE_DEAL = env.bool("TASK_RULE_STALE_DEAL", default=True)
TASK_RULE_STALE_DEAL_DAYS = env_int("TASK_RULE_STALE_DEAL_DAYS", default=30, minimum=1)
TASK_RULE_STALE_LEAD = env.bool("TASK_RULE_STALE_LEAD", default=True)
TASK_RULE_STALE_LEAD_DAYS = env_int("TASK_RULE_STALE_LEAD_DAYS", default=14, minimum=1)
TASK_RULE_UNVERIFIED_CONTACT = env.bool("TASK_RULE_UNVERIFIED_CONTACT", default=True)
TASK_RULE_UNVERIFIED_CONTACT_DAYS = env_int(
    "TASK_RULE_UNVERIFIED_CONTACT_DAYS", default=365, minimum=1
)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 60 * 60, minimum=1)
# Sessions end after SESSION_COOKIE_AGE seconds of inactivity: core's SessionRefreshMiddleware
# renews them at most every SESSION_REFRESH_SECONDS, instead of a write on every request.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", default=60, minimum=0)
if SESSION_REFRESH_SECONDS >= SESSION_COOKIE_AGE:
    # A session would end before it is ever renewed: users would be logged out while working.
    raise ImproperlyConfigured(
        f"SESSION_REFRESH_SECONDS ({SESSION_REFRESH_SECONDS}) must be shorter than "
        f"SESSION_COOKIE_AGE ({SESSION_COOKIE_AGE})."
    )
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp; security.csp adds the admin's exception): scripts and
# styles only from the CRM's own static files, nothing inline. data: images are Bootstrap's
# icons (form-select arrows, the menu button) and the two-factor QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login protection (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address, that pair is locked for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts while locked do not extend the lockout (they are still recorded as events).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "security.ip.client_ip"
# Logins are recorded as security events; axes' own access log would keep them twice.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# How many reverse proxies in front of the CRM append to X-Forwarded-For; 0 (none) means the
# header is ignored, since a client could send it to pose as another address. The same holds
# for X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER below).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0, minimum=0)

# Two-factor login (django-otp, TOTP): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Sambruk CRM")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if TRUSTED_PROXY_COUNT > 0:
        # Only a proxy of ours says whether the client came over HTTPS: without one, a client
        # could send X-Forwarded-Proto itself and be taken for a secure connection.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The REST API (/api/v1/, README "API"): personal tokens (django-rest-knox, stored hashed) and
# the browsable API with the session; the same model permissions as the pages.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/minute")
# The roles that may use the API at all (reader, editor, administrator); an administrator
# can close it to a role by leaving it out.
API_ROLES = env.list("API_ROLES", default=["reader", "editor", "administrator"])
_unknown_api_roles = set(API_ROLES) - {"reader", "editor", "administrator"}
if _unknown_api_roles:
    raise ImproperlyConfigured(
        f"API_ROLES may name reader, editor and administrator, not {sorted(_unknown_api_roles)}."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_THROTTLE_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.RecordCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        # The browsable API's forms
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
KNOX_TOKEN_MODEL = "api.ApiToken"
# django-rest-knox's own migrations create its token table even when the model is swapped
# for api.ApiToken; that table is not wanted (and would block flushing a PostgreSQL database).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": None,  # a token's expiry is chosen when it is created, or none
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "crm_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sambruk CRM API",
    "DESCRIPTION": 'Members, contacts, contracts and the rest of Sambruk\'s CRM (README, "API").',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.RolePermission"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar: no file from the internet (the CSP forbids it).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.drop_database_limits",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MemberStatusEnum": "members.models.Member.Status",
        "OrgTypeEnum": "members.models.Member.OrgType",
        "ServiceStatusEnum": "services.models.Service.Status",
        "ServiceKindEnum": "services.models.Service.Kind",
        "ContractStatusEnum": "contracts.models.Contract.Status",
        "PartyRoleEnum": "contracts.models.ContractParty.Role",
        "LeadStatusEnum": "leads.models.Lead.Status",
        "StageEnum": "deals.models.Deal.Stage",
        "LossReasonEnum": "deals.models.Deal.LossReason",
        "NoteKindEnum": "notes.models.Note.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO; failures and lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
