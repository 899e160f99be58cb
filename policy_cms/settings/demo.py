"""The demo: SQLite, in-process tasks, Django serving the media. Never used in production.

DEBUG stays off (DEBUG=1 turns it on): a visitor following a dead link meets the site's
own 404 page, in Chinese, not Django's technical page listing every URL pattern."""

import os
from urllib.parse import urlsplit

from policy_cms.settings.base import *  # noqa: F403
from policy_cms.settings.base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
# What nginx serves in production (deploy/nginx): the demo has only runserver.
SERVE_MEDIA = True

# The channels plugin's test receiver: the demo's webhook subscription posts to it, so a
# published bundle shows a signed, delivered webhook in the admin.
WEBHOOK_TEST_RECEIVER_SECRET = os.environ.get("WEBHOOK_TEST_RECEIVER_SECRET", "demo-webhook-secret")
# That receiver is the demo server itself, on the loopback (SITE_BASE_URL, which make
# demo gives every process): the outbound guard (cms.operations.outbound) lets the site reach it
# there, on that port, and nowhere else private.
_DEMO_PORT = urlsplit(os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000")).port or 80
OUTBOUND_ALLOWED_DESTINATIONS = env_list(
    "OUTBOUND_ALLOWED_DESTINATIONS", f"127.0.0.1:{_DEMO_PORT},[::1]:{_DEMO_PORT}"
)
