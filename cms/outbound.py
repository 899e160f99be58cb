"""The one way the site makes requests of other sites on its own initiative (a link
patrol, for instance): timeouts on everything, redirects followed by the caller, and no
request to a private, loopback or link-local address unless ``OUTBOUND_ALLOW_PRIVATE``
says so (a checker that fetches editor-given URLs must not become a way into the
agency's own network).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "policy-cms-link-check/1 (+https://github.com/policy-cms)"


class RefusedDestination(Exception):
    """The URL points where the site must not send requests; the message says why."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_destination(url: str) -> None:
    """Raise ``RefusedDestination`` unless ``url`` is http(s) and every address its host
    resolves to is public (or private ones are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedDestination(_("“%(url)s” is not an http(s) address.") % {"url": url[:200]})
    if getattr(settings, "OUTBOUND_ALLOW_PRIVATE", False):
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )  # fmt: skip
    except socket.gaierror as error:
        raise RefusedDestination(
            _("The host %(host)s cannot be resolved.") % {"host": parts.hostname}
        ) from error
    for *_rest, sockaddr in infos:
        if not _public(sockaddr[0]):
            raise RefusedDestination(
                _("%(host)s is a private network address.") % {"host": parts.hostname}
            )


def client(*, timeout: float, max_connections: int = 100) -> httpx.AsyncClient:
    """An async client with a total ``timeout`` per request, no automatic redirects
    (the caller checks each hop with ``check_destination``) and the site's user agent."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"},
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=20),
        verify=getattr(settings, "OUTBOUND_VERIFY_TLS", True),
    )
