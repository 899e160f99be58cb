"""Per-address limits on the comments stored (form and API together), counted by the
core's ``limited`` under the plugin's own scope."""

from __future__ import annotations

from ninja.errors import Throttled

from cms.plugin_api import limited
from plugins.consultation import conf


def intake(request) -> Throttled | None:
    """Throttled once this address stored CONSULTATION_RATE_LIMIT comments this period."""
    return limited(request, scope="consultation_intake", rate=conf.get("CONSULTATION_RATE_LIMIT"))
