"""One check of one link, the way a national inspector's crawler meets it.

HEAD first (cheap), GET where HEAD is refused or errs, and GET for the page itself when it
answers with HTML, since a soft 404 and a site taken over by someone else both answer
200. Redirects are followed here, at most ``GOVSERVICE_MAX_REDIRECTS``, each hop checked
against private addresses and foreign domains. Every request has ``GOVSERVICE_TIMEOUT``
seconds in all.

What a check finds is an outcome: ``ok``; ``suspect`` (403, 429, 5xx, a timeout, no
connection: the site or the network may be having a bad hour, or may be blocking the
checker); ``failed`` (404, 410, a soft 404, a foreign site, a drifted title, a redirect
loop: the link itself is wrong).
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections import defaultdict
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.utils.translation import gettext as _

from cms.plugin_api import RefusedDestination, check_destination
from plugins.govservice import conf
from plugins.govservice.models import LinkCheck

OK, SUSPECT, FAILED = LinkCheck.Outcome.OK, LinkCheck.Outcome.SUSPECT, LinkCheck.Outcome.FAILED
REDIRECTS = {301, 302, 303, 307, 308}
MAX_BODY = 256 * 1024
# Second-level labels under which a country's registrable domains have three labels.
SECOND_LEVEL = {"gov", "com", "edu", "org", "net", "ac"}


@dataclass
class CheckResult:
    outcome: str
    reason: str
    status_code: int | None = None
    final_url: str = ""
    elapsed_ms: int = 0


def site_of(url: str) -> str:
    """The registrable domain of a URL's host (``gd.gov.cn`` for ``zwfw.gd.gov.cn``); an
    address stands for itself."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if host.replace(".", "").isdigit() or ":" in host or len(labels) < 3:
        return host
    if len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def resembles(title: str, words: list[str]) -> bool:
    """Whether a page title shares any two-character run with the item's name, its
    department or the portal words (a portal titled with its own name still counts)."""
    wanted = set().union(*(bigrams(word) for word in words)) if words else set()
    return bool(bigrams(title) & wanted)


def _decode(body: bytes, response: httpx.Response) -> str:
    encoding = response.charset_encoding
    if not encoding:
        meta = re.search(rb"""charset=["']?([\w-]+)""", body[:2048], re.I)
        encoding = meta.group(1).decode("ascii") if meta else "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def page_text(page: str) -> tuple[str, str]:
    """(title, visible text) of an HTML page, roughly: enough to match patterns."""
    match = re.search(r"<title[^>]*>(.*?)</title>", page, re.I | re.S)
    title = html.unescape(match.group(1)).strip() if match else ""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.I | re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return title, re.sub(r"\s+", " ", text).strip()


def judge_page(title: str, text: str, words: list[str]) -> CheckResult | None:
    """A failed result when a 200 page is not the service any more, else None."""
    head = f"{title} {text[:2000]}"
    for pattern in conf.get("GOVSERVICE_DRIFT_PATTERNS"):
        if re.search(pattern, head, re.I):
            return CheckResult(FAILED, _("The page is not a government service: “%(t)s”.") % {
                "t": title[:80] or pattern
            })  # fmt: skip
    for pattern in conf.get("GOVSERVICE_SOFT_404_PATTERNS"):
        if re.search(pattern, head, re.I):
            return CheckResult(
                FAILED,
                _("The page says it does not exist (soft 404): “%(t)s”.") % {"t": title[:80]},
            )
    if title and not resembles(title, [*words, *conf.get("GOVSERVICE_PORTAL_WORDS")]):
        return CheckResult(
            FAILED, _("The page title no longer resembles the item: “%(t)s”.") % {"t": title[:80]}
        )
    return None


class HostThrottle:
    """At most ``per_host`` requests at once to a host, their starts ``delay`` apart."""

    def __init__(self, per_host: int, delay: float):
        self.delay = delay
        self.slots: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
        self.next_start: dict[str, float] = defaultdict(float)

    @asynccontextmanager
    async def slot(self, url: str):
        host = urlsplit(url).hostname or ""
        async with self.slots[host]:
            loop = asyncio.get_running_loop()
            start = max(loop.time(), self.next_start[host])
            self.next_start[host] = start + self.delay
            await asyncio.sleep(start - loop.time())
            yield


async def _fetch(client, throttle, method: str, url: str, *, body: bool) -> tuple:
    """(response, body bytes) of one request within the timeout."""

    async def run():
        async with throttle.slot(url), client.stream(method, url) as response:
            data = b""
            if body:
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) >= MAX_BODY:
                        break
            return response, data

    return await asyncio.wait_for(run(), conf.get("GOVSERVICE_TIMEOUT"))


def _is_html(response) -> bool:
    kind = response.headers.get("content-type", "text/html").lower()
    return "html" in kind


async def _follow(client, throttle, url: str, words: list[str]) -> CheckResult:
    origin = site_of(url)
    trusted = {origin, *conf.get("GOVSERVICE_TRUSTED_DOMAINS")}
    seen, method = {url}, "HEAD"
    for _hop in range(conf.get("GOVSERVICE_MAX_REDIRECTS") + 1):
        await check_destination(url)
        try:
            response, data = await _fetch(client, throttle, method, url, body=method == "GET")
        except httpx.TransportError:
            if method == "GET":
                raise
            method = "GET"  # some servers drop HEAD; ask the way a browser does
            response, data = await _fetch(client, throttle, method, url, body=True)
        status = response.status_code
        if method == "HEAD" and status >= 400:
            method = "GET"
            response, data = await _fetch(client, throttle, method, url, body=True)
            status = response.status_code
        if status in REDIRECTS and response.headers.get("location"):
            target = urljoin(url, response.headers["location"])
            if target in seen:
                return CheckResult(FAILED, _("Redirect loop."), status, target)
            if site_of(target) not in trusted:
                return CheckResult(
                    FAILED,
                    _("Redirects to another site: %(host)s.") % {"host": urlsplit(target).hostname},
                    status,
                    target,
                )
            seen.add(target)
            url = target
            continue
        if status in (404, 410):
            return CheckResult(FAILED, f"HTTP {status}", status, url)
        if not 200 <= status < 300:
            return CheckResult(SUSPECT, f"HTTP {status}", status, url)
        if method == "HEAD" and _is_html(response):
            response, data = await _fetch(client, throttle, "GET", url, body=True)
            if not 200 <= response.status_code < 300:
                return CheckResult(SUSPECT, f"HTTP {response.status_code}", status, url)
        if data and _is_html(response):
            title, text = page_text(_decode(data, response))
            failed = judge_page(title, text, words)
            if failed is not None:
                failed.status_code, failed.final_url = status, url
                return failed
        return CheckResult(OK, f"HTTP {status}", status, url)
    return CheckResult(FAILED, _("Too many redirects."), None, url)


async def check(client, throttle, url: str, words: list[str]) -> CheckResult:
    """Check one link; ``words`` are what its page's title should resemble (the item's
    name and department)."""
    started = time.monotonic()
    try:
        result = await _follow(client, throttle, url, words)
    except RefusedDestination as error:
        result = CheckResult(FAILED, _("Refused: %(why)s") % {"why": error})
    except (TimeoutError, httpx.TimeoutException):
        result = CheckResult(
            SUSPECT, _("No answer within %(s)d seconds.") % {"s": conf.get("GOVSERVICE_TIMEOUT")}
        )
    except httpx.HTTPError as error:
        result = CheckResult(
            SUSPECT, _("No connection: %(error)s") % {"error": type(error).__name__}
        )
    result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result
