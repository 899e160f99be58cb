"""Per-address limits on what the board writes: messages stored, and CAPTCHA challenges
made (each one a row). Both sit far below the API's shared limit: a person sends a few
messages a minute at most, and a robot with the CAPTCHA off must not fill the inbox.
Counted by the core's ``limited`` (cms.plugin_api), each under its own scope."""

from __future__ import annotations

from ninja.errors import Throttled

from cms.plugin_api import limited
from plugins.messageboard import conf


def intake(request) -> Throttled | None:
    """Throttled once this address stored MESSAGEBOARD_RATE_LIMIT messages (form and API
    together) this period; None while within it (and counted)."""
    return limited(request, scope="messageboard_intake", rate=conf.get("MESSAGEBOARD_RATE_LIMIT"))


def challenges(request) -> Throttled | None:
    """Throttled once this address asked for MESSAGEBOARD_CAPTCHA_RATE_LIMIT challenges
    (/captcha/refresh/ and the API together) this period; None while within it."""
    return limited(
        request,
        scope="messageboard_captcha",
        rate=conf.get("MESSAGEBOARD_CAPTCHA_RATE_LIMIT"),
    )
