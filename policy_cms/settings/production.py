"""Production: refuses to start with the demo secret or without a real database."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from policy_cms.settings.base import *  # noqa: F403
from policy_cms.settings.base import (
    DATABASES,
    DEMO_SECRET_KEY,
    LOGGING,
    MEDIA_ROOT,
    PRIVATE_MEDIA_ROOT,
    SECRET_KEY,
    env_bool,
    env_int,
    media_storage,
)

DEBUG = False
# manage.py check warns while a site's identity (网站标识与备案) is incomplete (cms/checks.py).
SITE_IDENTITY_CHECK = True
# One JSON object a line, unless LOG_FORMAT=plain.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")

if not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters in production."
    )
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
# nginx serves MEDIA_ROOT as it is: a private folder inside it would be public.
if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT.")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# nginx (or the load balancer) terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's editor previews pages in a frame of the same origin, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # SAMEORIGIN, above
    # Asking browsers to preload HSTS for the whole domain is the agency's decision, made
    # once every host of it serves HTTPS: SECURE_HSTS_PRELOAD=1.
    "security.W021",
]
# nginx's page cache (deploy/nginx): with its refresh server and secret, published and
# withdrawn bundles' pages are refreshed there after the commit (cms/operations/purge.py), and
# anonymous visitors' pages may be kept by the proxy, PUBLIC_PAGE_PROXY_MAX_AGE seconds
# (120 unless set). Without them nothing is purged and PUBLIC_PAGE_PROXY_MAX_AGE stays 0
# unless set.
# The refresh server's address must be in OUTBOUND_ALLOWED_DESTINATIONS (it is private).
CACHE_REFRESH_URL = os.environ.get("CACHE_REFRESH_URL", "")
CACHE_REFRESH_SECRET = os.environ.get("CACHE_REFRESH_SECRET", "")
if CACHE_REFRESH_URL and CACHE_REFRESH_SECRET:
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "cms.operations.purge.RefreshBackend",
            "LOCATION": CACHE_REFRESH_URL,
            "SECRET": CACHE_REFRESH_SECRET,
        }
    }
    PUBLIC_PAGE_PROXY_MAX_AGE = env_int("PUBLIC_PAGE_PROXY_MAX_AGE", 120)

STORAGES = {
    "default": media_storage(),
    "private": media_storage(private=True),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}

# Errors to Sentry (or a compatible service) when a DSN is given; no personal data sent.
if os.environ.get("SENTRY_DSN"):
    # Only with a DSN: sentry-sdk is a production extra, absent elsewhere.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
