"""The Content Security Policy (django-csp): the settings' strict policy on every page,
loosened inside Wagtail's admin, whose date widgets and inline panels still write inline
scripts and styles (wagtail/wagtail#1288). The admin's login page stays strict: it is the
one admin page anybody can reach.

django-csp builds the header anew for every response; for a response that asks nothing
of its own (no nonce, no per-view ``csp_update``/``csp_replace``/``csp_exempt``) the header
depends only on the settings and on whether the path is the admin's, so it is built once
per settings and kept (a settings change in the tests drops it)."""

from __future__ import annotations

import http.client as http_client

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from cms.access.networks import ADMIN_PREFIX

ADMIN_ALLOWANCES = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
STRICT_ADMIN_PATHS = (f"{ADMIN_PREFIX}login/",)
# What a view may set on its response to change the policy (django-csp's decorators).
OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
SETTING_NAMES = {False: "CONTENT_SECURITY_POLICY", True: "CONTENT_SECURITY_POLICY_REPORT_ONLY"}
# (header name, admin or not) → (header value, excluded path prefixes), per settings.
_built: dict[tuple[str, bool], tuple[str, tuple[str, ...]]] = {}


@receiver(setting_changed)
def _forget_built(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _built.clear()


def admin_allowances(path: str) -> dict:
    """What the policy adds for a request to ``path``: nothing outside the admin."""
    if path.startswith(ADMIN_PREFIX) and not path.startswith(STRICT_ADMIN_PATHS):
        return ADMIN_ALLOWANCES
    return {}


def _header(name: str, admin: bool) -> tuple[str, tuple[str, ...]]:
    key = (name, admin)
    if key not in _built:
        report_only = name == HEADER_REPORT_ONLY
        policy = build_policy(update=ADMIN_ALLOWANCES if admin else None, report_only=report_only)
        setting = getattr(settings, SETTING_NAMES[report_only], None) or {}
        excluded = tuple(setting.get("EXCLUDE_URL_PREFIXES") or ())
        _built[key] = (policy, excluded)
    return _built[key]


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's allowances added to the policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        extra = admin_allowances(request.path_info)
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in OWN_POLICY
        ):
            return super().process_response(request, response)
        # As django-csp's, with the header built once per settings.
        if settings.DEBUG and response.status_code in (
            http_client.INTERNAL_SERVER_ERROR,
            http_client.NOT_FOUND,
        ):
            return response
        admin = bool(admin_allowances(request.path_info))
        for name in (HEADER, HEADER_REPORT_ONLY):
            policy, excluded = _header(name, admin)
            if policy and name not in response and not request.path_info.startswith(excluded):
                response[name] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
