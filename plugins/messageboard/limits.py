"""Per-address limits on what the board writes: messages stored, and CAPTCHA challenges
made (each one a row). Both sit far below the API's shared limit: a person sends a few
messages a minute at most, and a robot with the CAPTCHA off must not fill the inbox."""

from __future__ import annotations

from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle

from plugins.messageboard import conf

SETTINGS = {
    "intake": "MESSAGEBOARD_RATE_LIMIT",
    "captcha": "MESSAGEBOARD_CAPTCHA_RATE_LIMIT",
}


class _BoardThrottle(AnonRateThrottle):
    def __init__(self, scope: str, rate: str):
        self.scope = f"messageboard_{scope}"  # its own counter per address
        super().__init__(rate)


def limited(request, what: str) -> Throttled | None:
    """The Throttled error to answer with once this address wrote too much of ``what``
    ("intake" or "captcha") this period; None while within the limit (and counted)."""
    rate = conf.get(SETTINGS[what])
    if not rate:
        return None
    throttle = _BoardThrottle(what, rate)
    return None if throttle.allow_request(request) else Throttled(wait=throttle.wait())
