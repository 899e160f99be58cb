"""The one way the site makes requests of other sites on its own initiative: the link
patrol, webhook deliveries, and anything a plugin adds (docs/operations.md, 安全).

Every request goes through ``GuardedTransport`` (sync) or ``AsyncGuardedTransport``:

- only ``http`` and ``https``, and only ports 80 and 443 unless
  ``OUTBOUND_ALLOWED_PORTS`` lists more;
- the host is resolved once, every address it resolves to is checked, and the
  connection goes to the checked address (the URL's host stays in the ``Host`` header
  and in TLS's SNI and certificate check), so a second DNS answer cannot move it;
- refused: private, loopback, link-local, shared (100.64/10), multicast, reserved and
  unspecified addresses, and their IPv6 forms (``::ffff:a.b.c.d``, the NAT64 prefix
  ``64:ff9b::/96``, 6to4 ``2002::/16``, ``::a.b.c.d``) embedding one;
- ``OUTBOUND_ALLOWED_DESTINATIONS`` names exceptions: addresses or networks, each with
  an optional port (``127.0.0.1:8000``, ``[::1]:8000``, ``10.1.0.0/16``,
  ``10.1.2.3:*`` for any port), reached although private;
- ``OUTBOUND_ALLOW_PRIVATE`` (an intranet-only site) allows every private address, on
  the allowed ports still; never the unspecified address;
- no automatic redirects (the caller checks each hop: it is a new request through the
  same guard), timeouts on everything, and no proxy from the environment
  (``HTTP_PROXY``/``HTTPS_PROXY`` are not honoured: a proxy would resolve the host again).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "policy-cms-link-check/1 (+https://github.com/policy-cms)"
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Not global, though older Pythons' ``is_global`` says otherwise.
NOT_GLOBAL = [ipaddress.IPv6Network("64:ff9b:1::/48")]  # local-use NAT64 (RFC 8215)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedDestination(Exception):
    """The URL points where the site must not send requests; the message says why."""


@dataclass(frozen=True)
class Destination:
    """A checked host: the addresses to connect to, each of them allowed."""

    host: str
    port: int
    addresses: tuple[str, ...]


def _getaddrinfo(host: str, port: int):
    """The resolver (a test replaces it to simulate a DNS answer that changes)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped, NAT64 (64:ff9b::/96),
    6to4 (2002::/16) or IPv4-compatible (::a.b.c.d)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in NAT64 or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """Whether ``ip`` (and the IPv4 address it embeds) is a public unicast address."""
    embedded = embedded_ipv4(ip)
    if embedded is not None:
        return is_public(embedded)
    if any(ip in network for network in NOT_GLOBAL if network.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_unspecified)


def allowed_ports() -> set[int]:
    return {80, 443, *(int(port) for port in getattr(settings, "OUTBOUND_ALLOWED_PORTS", []))}


def _parse_allowed(entry: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]:
    """(network, port or "" for the allowed ports or "*" for any) of one allowlist entry."""
    entry = entry.strip()
    port = ""
    if entry.startswith("["):
        address, _bracket, rest = entry[1:].partition("]")
        port = rest.removeprefix(":")
    elif entry.count(":") == 1:
        address, port = entry.split(":")
    else:
        address = entry
    return ipaddress.ip_network(address, strict=False), port


def _allowlisted(ip: IPAddress, port: int) -> bool:
    for entry in getattr(settings, "OUTBOUND_ALLOWED_DESTINATIONS", []):
        network, allowed = _parse_allowed(entry)
        if ip.version == network.version and ip in network:
            if allowed == "*" or (allowed and int(allowed) == port):
                return True
            if not allowed and port in allowed_ports():
                return True
    return False


def _refusal(host: str, ip: IPAddress, port: int) -> str | None:
    """Why the site must not connect to ``ip`` on ``port``, or None."""
    if _allowlisted(ip, port):
        return None
    private = not is_public(ip)
    if private and (ip.is_unspecified or not getattr(settings, "OUTBOUND_ALLOW_PRIVATE", False)):
        return _("%(host)s is a private network address.") % {"host": host}
    if port not in allowed_ports():
        return _port_refusal(host, port)
    return None


def _port_refusal(host: str, port: int) -> str:
    return _("Port %(port)d of %(host)s is not allowed (only 80 and 443).") % {
        "port": port,
        "host": host,
    }


def _split(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port == -1:
        raise RefusedDestination(_("“%(url)s” is not an http(s) address.") % {"url": url[:200]})
    return parts.hostname, DEFAULT_PORTS[parts.scheme] if port is None else port


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def resolve_host(host: str, port: int) -> Destination:
    """Resolve ``host`` once and check every address it resolves to (all must pass, or a
    DNS answer mixing public and private addresses would get through); raise
    ``RefusedDestination`` otherwise."""
    if (
        not _literal(host)
        and port not in allowed_ports()
        and not any(
            _parse_allowed(entry)[1] in ("*", str(port))
            for entry in getattr(settings, "OUTBOUND_ALLOWED_DESTINATIONS", [])
        )
    ):
        raise RefusedDestination(_port_refusal(host, port))  # before any DNS query
    try:
        infos = _getaddrinfo(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedDestination(
            _("The host %(host)s cannot be resolved.") % {"host": host}
        ) from error
    addresses: list[str] = []
    for *_rest, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        reason = _refusal(host, ip, port)
        if reason:
            raise RefusedDestination(reason)
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise RefusedDestination(_("The host %(host)s cannot be resolved.") % {"host": host})
    return Destination(host, port, tuple(addresses))


def resolve(url: str) -> Destination:
    """Check the URL's scheme, host and port, as every request is checked."""
    return resolve_host(*_split(url))


async def check_destination(url: str) -> None:
    """Raise ``RefusedDestination`` unless the guard lets the site request ``url``. The
    transports check every connection themselves; this answers early, with the reason."""
    await asyncio.get_running_loop().run_in_executor(None, resolve, url)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network layer, each connection to a checked address: the host is
    resolved here, once, and the socket opens to an address that passed. TLS still
    names and verifies the URL's host (httpcore passes it as the server name)."""

    def __init__(self, inner: httpcore.NetworkBackend):
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        error: Exception | None = None
        for address in resolve_host(host, port).addresses:
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        raise error

    def connect_unix_socket(self, *args, **kwargs):
        raise RefusedDestination("unix sockets are not an outbound destination")

    def sleep(self, seconds):
        return self.inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend):
        self.inner = inner

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        loop = asyncio.get_running_loop()
        destination = await loop.run_in_executor(None, resolve_host, host, port)
        error: Exception | None = None
        for address in destination.addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        raise error

    async def connect_unix_socket(self, *args, **kwargs):
        raise RefusedDestination("unix sockets are not an outbound destination")

    async def sleep(self, seconds):
        return await self.inner.sleep(seconds)


def _guard(transport):
    """Put the guard between httpx's connection pool and the network. No proxy is
    configured (``trust_env`` is off), so the pool opens every connection itself."""
    pool = transport._pool
    if not isinstance(pool, httpcore.ConnectionPool | httpcore.AsyncConnectionPool):
        raise RuntimeError("outbound requests must not go through a proxy")
    guarded = GuardedBackend if isinstance(pool, httpcore.ConnectionPool) else AsyncGuardedBackend
    pool._network_backend = guarded(pool._network_backend)
    return transport


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with every connection checked by the guard."""

    def __init__(self, **kwargs):
        super().__init__(trust_env=False, **kwargs)
        _guard(self)


class AsyncGuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, **kwargs):
        super().__init__(trust_env=False, **kwargs)
        _guard(self)


def _options(timeout: float, user_agent: str) -> dict:
    return {
        "timeout": httpx.Timeout(timeout),
        "follow_redirects": False,
        "trust_env": False,
        "headers": {"User-Agent": user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
    }


def _verify() -> bool:
    return getattr(settings, "OUTBOUND_VERIFY_TLS", True)


def client(
    *, timeout: float, max_connections: int = 100, user_agent: str = USER_AGENT
) -> httpx.AsyncClient:
    """An async client through the guard: a total ``timeout`` per request, no automatic
    redirects (each hop the caller follows is checked again) and the site's user agent."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=20)
    transport = AsyncGuardedTransport(verify=_verify(), limits=limits)
    return httpx.AsyncClient(transport=transport, **_options(timeout, user_agent))


def sync_client(*, timeout: float, user_agent: str = USER_AGENT) -> httpx.Client:
    """The same guard for code that is not async (webhook deliveries)."""
    transport = GuardedTransport(verify=_verify())
    return httpx.Client(transport=transport, **_options(timeout, user_agent))
