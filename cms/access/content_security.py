"""The Content Security Policy (django-csp): the settings' strict policy on every page,
loosened inside Wagtail's admin, whose date widgets and inline panels still write inline
scripts and styles (wagtail/wagtail#1288). The admin's login page stays strict: it is the
one admin page anybody can reach."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from cms.access.networks import ADMIN_PREFIX

ADMIN_ALLOWANCES = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
STRICT_ADMIN_PATHS = (f"{ADMIN_PREFIX}login/",)


def admin_allowances(path: str) -> dict:
    """What the policy adds for a request to ``path``: nothing outside the admin."""
    if path.startswith(ADMIN_PREFIX) and not path.startswith(STRICT_ADMIN_PATHS):
        return ADMIN_ALLOWANCES
    return {}


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's allowances added to the policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        extra = admin_allowances(request.path_info)
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts
