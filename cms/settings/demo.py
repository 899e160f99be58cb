"""The demo: DEBUG on, SQLite, in-process tasks. Never used in production."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# The channels plugin's test receiver: the demo's webhook subscription posts to it, so a
# published bundle shows a signed, delivered webhook in the admin.
WEBHOOK_TEST_RECEIVER_SECRET = os.environ.get("WEBHOOK_TEST_RECEIVER_SECRET", "demo-webhook-secret")
