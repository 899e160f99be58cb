"""Settings shared by every environment, each read from an environment variable.

The defaults are the demo's: SQLite, tasks in-process, mail to the console. Every
variable is documented in deploy/env.example.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.text import slugify

from cms.extend.plugin_manager import enabled_plugins, plugin_apps

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"

# A key that production.py refuses, so a demo secret never reaches a public server.
DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
# Applicants' ID numbers and contacts are encrypted with a key derived from SECRET_KEY and
# this salt (django-fernet-encrypted-fields): the secret is SECRET_KEY's, so a rotated
# SECRET_KEY keeps the old one in SECRET_KEY_FALLBACKS until the data is re-encrypted
# (docs/operations.md).
SALT_KEY = env_list("SALT_KEY", "policy-cms-personal-data")
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Django serves /media/ itself only in the demo; production's nginx serves it.
SERVE_MEDIA = False
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins (docs/plugins.md, Enabling): an allowlist of names; "builtin" stands for every
# plugin under plugins/, third-party ones are named by their entry point. Resolved without
# importing any plugin code, so their models migrate like any app's.
POLICY_PLUGINS = enabled_plugins(env_list("POLICY_PLUGINS", "builtin"))

INSTALLED_APPS = [
    "cms",
    "interpretations",
    "search",
    # Each enabled plugin's app, then the apps it requires (the message board's captcha).
    *plugin_apps(POLICY_PLUGINS),
    "ninja",
    "corsheaders",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its templates: /sitemap.xml is Wagtail's sitemap on Django's views.
    "django.contrib.sitemaps",
    # Only for its zh_Hans catalogue: the admin's "3 分钟之前" (Wagtail uses naturaltime).
    "django.contrib.humanize",
    # Failed logins counted per user name and address; too many lock them out a while.
    "axes",
    # The project last: it wires the apps together once they are all ready (its apps.py).
    "policy_cms",
]

MIDDLEWARE = [
    "cms.operations.health.HealthMiddleware",
    # Outermost but the health checks: it sees the final answer (cms/reports/visits.py).
    "cms.reports.visits.VisitCounterMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.api.conditional.NotModifiedMiddleware",
    # Outside sessions and CSRF: it sees whether the page set a cookie (cms/public).
    "cms.public.conditional.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.access.content_security.PolicyMiddleware",
    "cms.access.networks.AdminNetworkMiddleware",
    # Inside the policy's middleware, so the lockout page has the policy too; the first
    # adds Retry-After to axes' lockout answer.
    "cms.access.networks.LockoutMiddleware",
    "axes.middleware.AxesMiddleware",
    # Every CSV export in UTF-8 with a BOM, so that Excel reads it as such.
    "cms.admin_ui.csv_export.ExcelCsvMiddleware",
    "cms.admin_ui.notices.RequestMiddleware",
    # The route of a page Wagtail serves, decided per publication stamp (cms/public/routing.py).
    "cms.public.routing.RoutingMiddleware",
]
AUTHENTICATION_BACKENDS = [
    # No login from outside ADMIN_ALLOWED_NETWORKS, by any login view.
    "cms.access.networks.NetworkBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute force on the admin login: after LOGIN_FAILURE_LIMIT failures of one user name from
# one address, that pair waits LOGIN_LOCKOUT_MINUTES (other addresses are not locked out,
# so an attacker cannot lock an editor out of the office).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.access.networks.client_address"
AXES_LOCKOUT_TEMPLATE = "cms/lockout.html"
# The admin only from these networks (comma-separated addresses or CIDR blocks, e.g.
# 10.0.0.0/8,192.168.10.0/24); empty: from anywhere.
ADMIN_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("ADMIN_ALLOWED_NETWORKS", "").split(",") if n.strip()
]

ROOT_URLCONF = "policy_cms.urls"
WSGI_APPLICATION = "policy_cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Django's own form templates kept per widget context (cms/public/form_rendering.py).
FORM_RENDERER = "cms.public.form_rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
# Every agency works on Beijing time: the account page offers no zone to choose (its list
# of zone identifiers is English, and a wrong choice skews every deadline shown).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True
# Wagtail's zh_Hans catalogue lags its English: the strings it lacks (the dashboard's, the
# editor's side panels, list and form messages …) are translated in the project's own
# catalogue, which LOCALE_PATHS puts before every app's.
LOCALE_PATHS = [BASE_DIR / "cms" / "wagtail_locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_ui.display.LoginForm"  # its password field in Chinese
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files no one may fetch by address (applicants' ID copies, letters sent, Word templates):
# outside MEDIA_ROOT, so neither the demo's /media/ route nor nginx can serve them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))


def media_storage(private: bool = False) -> dict:
    """Where uploads go: local files (MEDIA_ROOT), or with MEDIA_STORAGE=s3 an
    S3-compatible object store (MinIO, a cloud's), which every web host shares.

    ``private``: the storage of files only Django hands out, after its own check
    (``STORAGES["private"]``): PRIVATE_MEDIA_ROOT, or the same bucket under ``private/``."""
    if os.environ.get("MEDIA_STORAGE", "local") != "s3":
        if private:
            return {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
            }
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": os.environ["S3_BUCKET"],
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        # Private objects: documents are served after Django checked who may see
        # them, through short-lived signed addresses.
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if private:
        # Read and written by the site alone, streamed through Django when handed out.
        options |= {"location": "private", "querystring_expire": 60}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def content_security_policy() -> dict:
    """The Content Security Policy of every page, public and admin: scripts and styles
    only from the site's own files, never inline, so that HTML which slipped past the
    sanitizer cannot run. Images may also come from the object store (MEDIA_STORAGE=s3)
    and video from the platforms an interpretation links to (https only)."""
    media_host = [os.environ["S3_ENDPOINT_URL"]] if os.environ.get("S3_ENDPOINT_URL") else []
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", "blob:", *media_host],
            "media-src": [SELF, "https:", *media_host],
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            # Wagtail's editor previews a page in a frame of its own origin.
            "frame-src": [SELF],
            "frame-ancestors": [SELF],
            "form-action": [SELF],
            "base-uri": [SELF],
            "object-src": [NONE],
        }
    }


CONTENT_SECURITY_POLICY = content_security_policy()

STORAGES = {
    "default": media_storage(),
    "private": media_storage(private=True),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "政策文件库")
# No call from the admin's browsers to wagtail.org for new releases: many agencies edit on
# an intranet without the internet, and the Content Security Policy allows no other host.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor to gravatar.com for avatars: it would learn a hash of every editor's e-mail address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000")
# Addresses per sitemap file (the protocol's maximum); past it /sitemap.xml is an index.
SITEMAP_URLS_PER_FILE = env_int("SITEMAP_URLS_PER_FILE", 50_000)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "txt", "zip", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "policy-cms@localhost")

# Celery: with no broker, tasks run in-process so the demo needs no Redis.
# "memory://" rather than empty: an empty URL makes kombu fall back to amqp://localhost.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The annual disclosure report's reminders (cms.reports.reminders): the hour they are sent,
# and the group of the disclosure office (政府信息公开工作机构) they are sent to; while it
# has no member with an address, the editorial directors, who head the office where an
# agency has none of its own.
ANNUAL_REPORT_REMIND_HOUR = env_int("ANNUAL_REPORT_REMIND_HOUR", 9)
ANNUAL_REPORT_OFFICE_GROUP = os.environ.get("ANNUAL_REPORT_OFFICE_GROUP", "政府信息公开办公室")
# The self-inspection (网站自查, cms.inspection; docs/operations.md, "Self-inspection"),
# with the limits of the national website inspection (国办秘函〔2019〕19号): the home page
# and each kind of column must show new information within these days (a page type
# names its kind by ``inspection_column_kind``: dynamic 动态要闻, information 通知公告与
# 政策文件, yearly 年度报告); that many stale columns of a kind, or empty columns, are a
# veto risk; an interpretation is due within these working days of its policy.
SELF_INSPECTION_HOUR = env_int("SELF_INSPECTION_HOUR", 7)
SELF_INSPECTION_HOME_DAYS = 14
SELF_INSPECTION_COLUMN_DAYS = {"dynamic": 14, "information": 183, "yearly": 365}
SELF_INSPECTION_STALE_VETO = {"dynamic": 5, "information": 10, "yearly": 10}
SELF_INSPECTION_EMPTY_VETO = 5
SELF_INSPECTION_INTERPRETATION_WORKING_DAYS = 3
SELF_INSPECTION_LINK_TIMEOUT = 10.0
SELF_INSPECTION_LINK_CONCURRENCY = 8
# Monitoring's token for GET /api/v1/ops/self-inspection (Authorization: Bearer …);
# empty: only signed-in staff who may see Reports → 网站自查.
OPS_API_TOKEN = os.environ.get("OPS_API_TOKEN", "")
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "publish-due-bundles": {
        "task": "cms.tasks.publish_due_bundles",
        "schedule": 60.0,
    },
    "sweep-outbox": {
        "task": "cms.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    "sweep-pending-index": {
        "task": "search.tasks.sweep_pending_index",
        "schedule": 60.0,
    },
    # The visit counter's running numbers into the daily rows (also done by the requests
    # themselves, at most every VISIT_FLUSH_SECONDS; this catches a quiet day's end).
    "flush-visits": {
        "task": "cms.tasks.flush_visits",
        "schedule": 600.0,
    },
    # Daily at a fixed hour (Beijing time); the task decides which days mail
    # (cms.reports.reminders).
    "remind-annual-reports": {
        "task": "cms.tasks.remind_annual_reports",
        "schedule": crontab(hour=ANNUAL_REPORT_REMIND_HOUR, minute=0),
    },
    # The self-inspection (cms.inspection): the links inside the site's pages at night,
    # then the indicators in the morning, mailing the editorial directors a new veto risk.
    "patrol-internal-links": {
        "task": "cms.tasks.patrol_internal_links",
        "schedule": crontab(hour=2, minute=30),
    },
    "self-inspection": {
        "task": "cms.tasks.self_inspection",
        "schedule": crontab(hour=SELF_INSPECTION_HOUR, minute=0),
    },
}

# The outbox (docs/architecture.md#delivery): a failed delivery is retried after base,
# 2×base, 4×base … seconds (capped), and is dead after OUTBOX_MAX_ATTEMPTS attempts until
# an admin retries it. The sweep leaves events younger than the grace period to their own task.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
OUTBOX_SWEEP_GRACE_SECONDS = env_int("OUTBOX_SWEEP_GRACE_SECONDS", 120)
# Search updates a dead process left pending (search.indexing) are written by the beat
# sweep once this old; younger ones are still their own task's.
SEARCH_SWEEP_GRACE_SECONDS = env_int("SEARCH_SWEEP_GRACE_SECONDS", 120)
# An import notes how far it got every this many lines, to continue there if stopped.
IMPORT_CHECKPOINT_EVERY = env_int("IMPORT_CHECKPOINT_EVERY", 100)
# Requests the site makes of other sites on its own (cms.operations.outbound: the link patrol, the
# webhooks) go to public addresses on ports 80 and 443 only (docs/operations.md, 安全).
# More ports: OUTBOUND_ALLOWED_PORTS. Named exceptions (addresses or networks, with an
# optional port, "*" for any): OUTBOUND_ALLOWED_DESTINATIONS, e.g. "10.1.2.3:8080".
# OUTBOUND_ALLOW_PRIVATE allows every private address (an intranet-only site).
OUTBOUND_ALLOW_PRIVATE = env_bool("OUTBOUND_ALLOW_PRIVATE", False)
OUTBOUND_ALLOWED_PORTS = [int(port) for port in env_list("OUTBOUND_ALLOWED_PORTS")]
OUTBOUND_ALLOWED_DESTINATIONS = env_list("OUTBOUND_ALLOWED_DESTINATIONS")

# Search (docs/architecture.md#search): with SEARCH_URL set, Elasticsearch 8 (or OpenSearch with
# SEARCH_BACKEND=opensearch); without, the embedded on-disk index at SEARCH_EMBEDDED_PATH.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND") or ("elasticsearch" if SEARCH_URL else "embedded")
# The alias searches go through; a rebuild fills a new index and moves the alias.
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "policies")
# Elasticsearch analyzer of the text fields: the stock "cjk", or "ik_max_word" /
# "smartcn" on a cluster with those plugins.
SEARCH_ANALYZER = os.environ.get("SEARCH_ANALYZER", "cjk")


def database_key(database: dict) -> str:
    """A folder name for one database: an index never serves another database's hits."""
    if database["ENGINE"].endswith("sqlite3"):
        where = str(Path(database["NAME"]).resolve())
        name = Path(database["NAME"]).stem
    else:
        where = f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or ''}"
        name = database["NAME"]
    digest = hashlib.sha1(f"{database['ENGINE']}|{where}|{database['NAME']}".encode()).hexdigest()
    return f"{slugify(name) or 'db'}-{digest[:10]}"


# The embedded index's folder (Tantivy), shared by the web processes and the worker; by
# default one folder per database under var/search, so pointing DATABASE_URL elsewhere
# never serves the other database's index.
SEARCH_EMBEDDED_PATH = Path(
    os.environ.get("SEARCH_EMBEDDED_PATH")
    or BASE_DIR / "var" / "search" / database_key(DATABASES["default"])
)

# The cache holds the API's rate-limit counters and response bodies: a Redis URL in
# production, so every worker counts against the same limit; else each process's memory.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# The visit counter (cms/reports/visits.py): unique visitors and page views per site and
# day, no cookie, nothing personal stored. Its running numbers and the day's salt live in
# this cache alias, apart from the API's so that culling never drops them; with CACHE_URL
# every process counts together (in the demo's memory cache, each process on its own).
VISIT_COUNTER = env_bool("VISIT_COUNTER", True)
VISIT_CACHE = "visits"
VISIT_FLUSH_SECONDS = env_int("VISIT_FLUSH_SECONDS", 300)
CACHES["visits"] = (
    {**CACHES["default"], "KEY_PREFIX": "visits"}
    if os.environ.get("CACHE_URL")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "visits",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
)

# The public API (docs/architecture.md#public-api). Rate: requests per anonymous client
# (by address), as "N/s", "N/min" or "N/hour"; empty turns the limit off. Behind a proxy,
# set NINJA_NUM_PROXIES so the client's address is read from X-Forwarded-For.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/min")
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# How long a response body is kept under its ETag; 0 turns the server-side cache off.
API_RESPONSE_CACHE_SECONDS = env_int("API_RESPONSE_CACHE_SECONDS", 300)
# Public pages (docs/architecture.md#public-site): how long counts, year facets and page
# boundaries are kept in the cache under the publication stamp (a new stamp makes them
# unused, so this only bounds the memory); 0 computes them on every request.
PUBLIC_VALUE_CACHE_SECONDS = env_int("PUBLIC_VALUE_CACHE_SECONDS", 3600)
# How long a browser (max-age) and a shared proxy (s-maxage) may reuse an anonymous
# visitor's page without asking again; the page carries an ETag and Last-Modified from
# the stamp, so asking again costs a 304. 0 (the default) asks every time: until the
# proxy is purged on publish and withdraw, a longer time would let a withdrawn policy be
# shown that long.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 0)
PUBLIC_PAGE_PROXY_MAX_AGE = env_int("PUBLIC_PAGE_PROXY_MAX_AGE", 0)
# 0 trusts no X-Forwarded-For header: a client cannot dodge the limit by inventing one.
NINJA_NUM_PROXIES = env_int("NINJA_NUM_PROXIES", 0)
# CAPTCHA challenges one address may ask for (/captcha/refresh/ and GET /api/v1/captcha
# together; each is a row), for every plugin's public form; empty turns the limit off.
PUBLIC_CAPTCHA_RATE_LIMIT = os.environ.get("PUBLIC_CAPTCHA_RATE_LIMIT", "30/min")
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After")

# Index numbers (索引号): formats vary by province, so the format is a setting. Fields:
# org_code (the agency's organisation code), region, year, serial.
POLICY_INDEX_NUMBER_FORMAT = os.environ.get(
    "POLICY_INDEX_NUMBER_FORMAT", "{org_code}/{year}-{serial:05d}"
)

# A synchronous interpretation needs substantive content (三同步): at least this many
# characters of body text (spaces aside), or a figure or video when it is a 图解 or 视频.
POLICY_INTERPRETATION_MIN_CHARS = env_int("POLICY_INTERPRETATION_MIN_CHARS", 100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "policy_cms.log_format.JsonLines"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # plain (the demo's default) or json (production's): one JSON object a line.
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One line per request to the search engine is too much at INFO.
        "elastic_transport": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},
        # And per link the patrol checks (cms.operations.outbound).
        "httpx": {"level": "WARNING"},
        # Failed logins and lockouts are warnings; its start-up banner is not.
        "axes": {"level": "WARNING"},
    },
}

# Bundles publish through cms.review.finish when their last review level approves.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.review.finish.finish_workflow"
# Re-approval is decided by cms.review.bundle (pinned revisions of every member, a save that
# changes nothing keeps approvals); Wagtail's own rule would void them on any save.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
# Autosave is off: every autosaved revision during review would void the bundle's
# approvals (bundle rule 2, docs/architecture.md#bundle-rules), and editors here save
# deliberately. Milliseconds; 0 = off.
WAGTAIL_AUTOSAVE_INTERVAL = env_int("WAGTAIL_AUTOSAVE_INTERVAL", 0)
