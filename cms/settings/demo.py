"""The demo: DEBUG on, SQLite, in-process tasks. Never used in production."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
