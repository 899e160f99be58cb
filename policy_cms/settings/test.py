"""The test run: the demo defaults, with fast hashing and both media folders in temporary ones."""

import tempfile
from pathlib import Path

from policy_cms.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="policy-cms-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="policy-cms-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Each test run has its own embedded search index.
SEARCH_EMBEDDED_PATH = Path(tempfile.mkdtemp(prefix="policy-cms-search-")) / "search"
# Login throttling counts what the test client's login() cannot tell it (no request);
# tests/cms/test_login_throttle.py switches it on.
AXES_ENABLED = False
# The CAPTCHA's per-address limit, likewise (tests/plugins/messageboard/test_limits.py).
PUBLIC_CAPTCHA_RATE_LIMIT = ""
# The message board's per-address limits count across tests in one process (one address,
# one cache); tests/plugins/messageboard/test_limits.py switches them on.
MESSAGEBOARD_RATE_LIMIT = ""
# The disclosure requests' per-address limits, likewise (their tests switch them on).
DISCLOSURE_RATE_LIMIT = ""
DISCLOSURE_TRACK_RATE_LIMIT = ""
# The consultations' comment limit, likewise (tests/plugins/consultation switch it on).
CONSULTATION_RATE_LIMIT = ""
# The visit counter would add a flush's writes to any test's page view (and its numbers
# would carry across tests); tests/cms/test_visits.py switches it on.
VISIT_COUNTER = False
