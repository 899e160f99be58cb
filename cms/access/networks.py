"""The admin only from the agency's own networks, when ``ADMIN_ALLOWED_NETWORKS`` lists
them (many agencies keep editing on the government intranet); the public site is not
affected. Every way of logging an account in follows the same rule: the admin's login,
Wagtail's page-privacy login (/_util/login/), and any other login view, since
authentication itself refuses an address outside the networks (``NetworkBackend``)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.helpers import get_cool_off
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


@lru_cache(maxsize=4)
def _networks(spec: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(network, strict=False) for network in spec)
    except ValueError as error:
        raise ImproperlyConfigured(f"ADMIN_ALLOWED_NETWORKS: {error}") from None


def client_address(request) -> str:
    """The client's address as the proxies in front saw it: with ``NINJA_NUM_PROXIES``
    proxies, the one the outermost of them appended to X-Forwarded-For (as the API's
    rate limit reads it); without, the peer's address."""
    proxies = settings.NINJA_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def admin_allowed(request) -> bool:
    networks = _networks(tuple(settings.ADMIN_ALLOWED_NETWORKS))
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in networks)


@lru_cache(maxsize=1)
def login_paths() -> tuple[str, ...]:
    """The login pages outside the admin: Wagtail's page-privacy login (the address of
    ``WAGTAIL_FRONTEND_LOGIN_URL`` when that is a path of this site)."""
    paths = {reverse("wagtailcore_login")}
    frontend = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", "")
    if frontend.startswith("/") and not frontend.startswith("//"):
        paths.add(frontend.split("?")[0])
    return tuple(sorted(paths))


def guarded(path: str) -> bool:
    """Whether a path is the admin's or a login page: reached only from the networks."""
    return path.startswith(ADMIN_PREFIX) or path.startswith(login_paths())


class AdminNetworkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if guarded(request.path_info) and not admin_allowed(request):
            return HttpResponseForbidden(
                _("The admin can be reached only from the agency's own networks."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class NetworkBackend:
    """First of the authentication backends: outside the networks, no account logs in,
    whichever view asks (Django stops at the PermissionDenied). Without a request (a
    management command, the test client's login) it has no say. No ``get_user``: it
    never logs anyone in, so sessions name the backend that did."""

    def authenticate(self, request, **credentials):
        if request is not None and not admin_allowed(request):
            raise PermissionDenied
        return None


class LockoutMiddleware:
    """Around axes' middleware: its lockout answer (429, cms/lockout.html) also says in
    ``Retry-After`` how long to wait, the cool-off, as the page's text does. Both stand
    inside the Content Security Policy's middleware, so the lockout page has the policy
    of every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.AXES_ENABLED and getattr(request, "axes_locked_out", False):
            cool_off = get_cool_off(request)
            if cool_off:
                response["Retry-After"] = str(int(cool_off.total_seconds()))
        return response
