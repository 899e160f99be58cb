"""Per-address limits on what the board writes: messages stored, far below the API's shared
limit: a person sends a few messages a minute at most, and a robot with the CAPTCHA off
must not fill the inbox. Counted by the core's ``limited`` (cms.plugin_api); the CAPTCHA's
challenges are limited by the core, which serves them."""

from __future__ import annotations

from ninja.errors import Throttled

from cms.plugin_api import limited
from plugins.messageboard import conf


def intake(request) -> Throttled | None:
    """Throttled once this address stored MESSAGEBOARD_RATE_LIMIT messages (form and API
    together) this period; None while within it (and counted)."""
    return limited(request, scope="messageboard_intake", rate=conf.get("MESSAGEBOARD_RATE_LIMIT"))
