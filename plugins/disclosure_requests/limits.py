"""Per-address limits on the public side (the core's ``limited``, each under its own
scope): applications stored, look-ups of a request. The form and the API count together;
the CAPTCHA's challenges are limited by the core, which serves them."""

from __future__ import annotations

from ninja.errors import Throttled

from cms.plugin_api import limited
from plugins.disclosure_requests import conf


def intake(request) -> Throttled | None:
    """Throttled once this address stored DISCLOSURE_RATE_LIMIT applications this period;
    None while within it (and counted). Asked only once the input was found valid."""
    return limited(request, scope="disclosure_intake", rate=conf.get("DISCLOSURE_RATE_LIMIT"))


def tracking(request) -> Throttled | None:
    """Throttled once this address looked up DISCLOSURE_TRACK_RATE_LIMIT times (the page,
    the letter and the API together): a code is unguessable, a contact is not."""
    return limited(request, scope="disclosure_track", rate=conf.get("DISCLOSURE_TRACK_RATE_LIMIT"))
