"""Settings shared by every environment; the environment decides the rest.

``dev`` works with no environment at all, ``prod`` refuses to start without its secrets,
``test`` is what pytest uses.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from network_portal import clients, devdb

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def database_config() -> dict:
    """DATABASE_URL when set; otherwise the private cluster of this checkout (see devdb)."""
    if env.str("DATABASE_URL", default=""):
        config = env.db_url("DATABASE_URL")
        # libpq's convention for a Unix socket: the directory percent-encoded as the host.
        config["HOST"] = unquote(config.get("HOST") or "")
    else:
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": devdb.DB_NAME,
            "USER": devdb.DB_USER,
            "HOST": devdb.socket_dir(),
        }
    config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    config["CONN_HEALTH_CHECKS"] = True
    return config


# The shared cache's table in PostgreSQL (created UNLOGGED by network_portal's migration 0004).
CACHE_TABLE = "portal_cache"


def cache_config() -> dict:
    """The cache every worker and server shares: CACHE_URL when set (``redis://host:6379/0`` or
    ``valkey://…``, served by Django's own Redis backend), otherwise a table in PostgreSQL.

    A cache private to each process (Django's default, local memory) cannot work for the page
    cache: a write through one server must reach the pages every other server serves.
    """
    url = env.str("CACHE_URL", default="")
    if url:
        # Valkey speaks the Redis protocol; Django's backend takes a redis:// location.
        if url.startswith("valkey"):
            url = "redis" + url.removeprefix("valkey")
        config = environ.Env.cache_url_config(url)
        if "redis" in config["BACKEND"].lower():
            config["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    else:
        config = {
            # Django's, culled by expiry rather than by key order (network_portal/cache.py).
            "BACKEND": "network_portal.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Django's default (300 entries) would cull the pages of a single crawl.
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20_000)},
        }
    config.setdefault("TIMEOUT", 600)
    return config


DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "network_portal.adminsite.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "simple_history",
    "import_export",
    "localflavor",
    "procrastinate.contrib.django",
    "network_portal",
    "members",
    "events",
    "goodpractice",
    "projects",
    "news",
    "documents",
    "newsletter",
    "pages",
    "workspace",
]

MIDDLEWARE = [
    # A Host header ALLOWED_HOSTS does not name is one 400 before anything reads it.
    "network_portal.middleware.AllowedHostMiddleware",
    # Whole pages for anonymous visitors (network_portal/pagecache.py): a hit is answered here,
    # with the headers the layers below gave the stored page, and needs none of them.
    "network_portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Outside everything that may answer early, so that every response carries the header.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Compresses what carries no secret; pages from the page cache come compressed already.
    "network_portal.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A database outage is a 503 "try again" page, not a 500.
    "network_portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads request.POST: a malformed body is one 400, not a cascade of 500s.
    "network_portal.middleware.RequestBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the lockouts raised by the authentication backend.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "network_portal.urls"
WSGI_APPLICATION = "network_portal.wsgi.application"
AUTH_USER_MODEL = "network_portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network_portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
CACHES = {"default": cache_config()}
# Whole pages for anonymous visitors (network_portal/pagecache.py): never stale, and kept at
# most this many seconds even when nothing changes.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# The shared parts of pages (pagecache.shared: navigation, home blocks, vocabularies, long
# option lists), on whenever the page cache is, unless set: the benchmarks keep them on with
# whole pages off, as a logged-in visitor meets the pages.
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE_ENABLED", default=None)
# Each process told of invalidations by PostgreSQL's LISTEN/NOTIFY (network_portal/pagelisten.py),
# so that a hit needs no database round trip.
PAGE_CACHE_LISTEN = env.bool("PAGE_CACHE_LISTEN", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Czech ordering: "ch" after "h", "č" after "c". Created by network_portal's first migration.
CZECH_COLLATION = "cs-x-icu"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: e-mail login, no open sign-up (staff create accounts or invite people).
ACCOUNT_ADAPTER = "network_portal.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# django-axes does the rate limiting and lockout of failed logins.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# The proxies in front of the portal whose X-Forwarded-For is believed (network_portal/clients.py):
# empty (none, the default: the socket's address is the client's), a number of proxies, or
# their networks ("10.0.0.0/8,fd00::/8").
TRUSTED_PROXIES = clients.parse_trusted_proxies(env.str("PORTAL_TRUSTED_PROXIES", default=""))
# Failed logins are counted per address (an IPv6 /64) and e-mail, the address behind the proxy.
AXES_CLIENT_IP_CALLABLE = "network_portal.clients.rate_limit_key"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "network_portal.accounts.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "network_portal.accounts.lockout_response"

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
# One way to write dates per language (the portal's filters date_range etc. build on them).
FORMAT_MODULE_PATH = ["network_portal.formats"]
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "cs"
MODELTRANSLATION_LANGUAGES = ("cs", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("cs",)

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Serve uploads through Django (no reverse proxy in front); off unless asked for, always on with
# object storage (the portal streams the private objects).
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False) or (
    env.str("MEDIA_STORAGE", default="filesystem") == "s3"
)
# Where `manage.py backup` (make backup) writes its dated folders.
BACKUP_DIR = env.path("BACKUP_DIR", default=str(BASE_DIR / "backups"))


def media_storage() -> dict:
    """Where uploads live: MEDIA_ROOT on this machine, or S3-compatible object storage when
    MEDIA_STORAGE=s3 (several app servers, no shared disk; see README "Media in S3")."""
    if env.str("MEDIA_STORAGE", default="filesystem") != "s3":
        return {"BACKEND": "network_portal.storage.MediaStorage"}
    options = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),
        # Private objects: the portal reads them and serves them itself (sandboxed), so the
        # pages load nothing from another host and the bucket needs no public access.
        "default_acl": "private",
        "file_overwrite": False,
    }
    return {"BACKEND": "network_portal.storage_s3.S3MediaStorage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000  # hashed names in production: cache for a year

# Security headers on every response; production adds HSTS and secure cookies.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "network_portal.views.csrf_failure"

# The portal's public address, for links in e-mails and calendar UIDs written by background
# jobs (which have no request to take it from).
SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000")

# Background jobs (procrastinate on PostgreSQL): the mail queue and the periodic jobs of the
# apps (their `tasks.py` modules are discovered).
PROCRASTINATE_IMPORT_PATHS = ["network_portal.mail"]
# When the jobs of dead workers are handed back (network_portal.tasks.jobs_stalled_retry): a
# cron line, with an optional sixth field for the seconds (the fault tests wait less).
JOBS_STALLED_RETRY_CRON = env.str("JOBS_STALLED_RETRY_CRON", default="* * * * *")

# How long registrants' personal data are kept after an event (events.services.personal_data,
# the privacy page): everything after EVENTS_RETENTION_MONTHS; the names and certificates of
# people who attended accredited parts after EVENTS_ACCREDITED_RETENTION_MONTHS (what the
# accreditation rules require the network to keep as proof of the training).
EVENTS_RETENTION_MONTHS = env.int("EVENTS_RETENTION_MONTHS", default=24)
EVENTS_ACCREDITED_RETENTION_MONTHS = env.int("EVENTS_ACCREDITED_RETENTION_MONTHS", default=60)
# Membership applications keep the applicants' personal data this long after the decision.
MEMBERS_APPLICATION_RETENTION_MONTHS = env.int("MEMBERS_APPLICATION_RETENTION_MONTHS", default=12)
# Newsletter subscriptions not confirmed within this many days are deleted.
NEWSLETTER_UNCONFIRMED_DAYS = env.int("NEWSLETTER_UNCONFIRMED_DAYS", default=7)

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="sprava/")

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@zdravamesta.cz")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A new event's contact address (the network's office) until staff give another.
EVENTS_OFFICE_EMAIL = env.str("EVENTS_OFFICE_EMAIL", default="info@zdravamesta.cz")
# Where reports from the accessibility statement's form go.
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="pristupnost@zdravamesta.cz"
)

# Request bodies: form fields at most 10 MB (files not counted), at most 1,000 fields and 20
# files; the whole body, files included, at most REQUEST_BODY_MAX_SIZE (the largest form holds
# an image of 5 MB and a PDF of 10 MB), refused from its Content-Length before it is read
# (network_portal.middleware). Each file has its own limit in network_portal.uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REQUEST_BODY_MAX_SIZE = 25 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django names the path of every 4xx/5xx answer: private links' secrets are masked.
    "filters": {"mask_secrets": {"()": "network_portal.accesslog.MaskSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # procrastinate logs every job with its arguments at INFO: a queued e-mail's arguments hold
    # its recipient and body, with private manage links. Failures and retries still show.
    "loggers": {
        "procrastinate": {"level": env.str("PROCRASTINATE_LOG_LEVEL", default="WARNING")},
        # WeasyPrint tells every step of every PDF ("Step 5 - Creating layout - Page 2") at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
AXES_VERBOSE = False
