"""The patrol of the links inside a site's own pages and attachments (站内链接巡查; a beat
task, ``cms.tasks.patrol_internal_links``).

Every live, unrestricted page of the site is read as stored: its rich text and the rich
text inside its StreamFields, and its web-address fields. Each link is judged:

- a link to a page (``linktype="page"``, or an address on the site itself): broken when
  the page is gone, not live, restricted, or a policy the public may not see;
- a link to a document (``linktype="document"``, ``/documents/<id>/…``) and every
  attachment of a policy: broken when the document or its file is gone;
- an address on another site: requested through the outbound guard
  (``cms.operations.outbound``, the same rules as the service-link patrol and the
  webhooks), HEAD then GET, redirects followed hop by hop through the guard; broken on
  an HTTP error, a refused destination, no answer, or too many redirects.

What a run finds replaces what the last run found (``BrokenInternalLink``; a link first
found earlier keeps its ``found_at``), and the run itself is kept (``InternalLinkPatrol``).
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from cms.models import BrokenInternalLink, InternalLinkPatrol, PolicyAttachment, PolicyPage
from cms.models.home import public_policies
from cms.operations.outbound import RefusedDestination, client

logger = logging.getLogger(__name__)
Kind = BrokenInternalLink.Kind
ANCHOR = re.compile(r"<a\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
DOCUMENT_PATH = re.compile(r"^/documents/(\d+)/")
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Link:
    kind: str
    target: str  # a page or document id, or an address


def _strings(value):
    """Every string inside a StreamField's stored (JSON) value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_html(page) -> list[str]:
    """The stored rich text of a page (specific), its StreamFields' included."""
    texts = []
    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname, None)
        if value is None:
            continue
        if isinstance(field, RichTextField):
            texts.append(str(value))
        elif isinstance(field, StreamField):
            texts += [s for s in _strings(field.get_prep_value(value)) if "<a" in s]
    return texts


def page_links(page) -> list[Link]:
    """Every link of a page (specific): in its text, its web-address fields, and its
    attachments."""
    links = []
    for html in page_html(page):
        for match in ANCHOR.finditer(html):
            attributes = {
                name.lower(): unescape(double or single)
                for name, double, single in ATTRIBUTE.findall(match.group(1))
            }
            kind = attributes.get("linktype")
            if kind in ("page", "document") and attributes.get("id", "").isdigit():
                links.append(Link(kind, attributes["id"]))
            elif "href" in attributes:
                links.append(Link(Kind.ADDRESS, attributes["href"].strip()))
    for field in page._meta.concrete_fields:
        if field.get_internal_type() == "URLField" or field.__class__.__name__ == "URLField":
            value = getattr(page, field.attname, "")
            if value:
                links.append(Link(Kind.ADDRESS, value))
    if isinstance(page, PolicyPage):
        for document_id in PolicyAttachment.objects.filter(page=page).values_list(
            "document_id", flat=True
        ):
            links.append(Link(Kind.ATTACHMENT, str(document_id)))
    return links


class Judge:
    """Judges the links of one site's pages; addresses on other sites are gathered and
    requested together at the end (``check_addresses``)."""

    def __init__(self, site: Site):
        self.site = site
        self.root = site.root_page
        self.hosts = {site.hostname.lower()}
        base = getattr(settings, "SITE_BASE_URL", "") or ""
        if base:
            self.hosts.add((urlsplit(base).hostname or "").lower())
        self.public_pages = set(
            Page.objects.live()
            .public()
            .descendant_of(self.root, inclusive=True)
            .values_list("pk", flat=True)
        )
        policies = PolicyPage.objects.filter(pk__in=self.public_pages)
        self.hidden_policies = set(policies.values_list("pk", flat=True)) - set(
            public_policies().values_list("pk", flat=True)
        )
        self.documents: dict[int, str | None] = {}
        self.addresses: dict[str, str | None] = {}

    def page(self, page_id: int) -> str | None:
        """Why a link to this page leads nowhere, or None."""
        if page_id in self.hidden_policies:
            return _("The linked policy is not proactively disclosed")
        if page_id in self.public_pages:
            return None
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            return _("The linked page was deleted")
        if not page.live:
            return _("The linked page is not published or was withdrawn")
        if not page.is_descendant_of(self.root) and page.pk != self.root.pk:
            other = Page.objects.live().public().filter(pk=page_id).exists()
            return None if other else _("The linked page is not public")
        return _("The linked page is not public")

    def document(self, document_id: int) -> str | None:
        if document_id not in self.documents:
            document = get_document_model().objects.filter(pk=document_id).first()
            if document is None:
                reason = _("The document was deleted")
            elif not document.file or not document.file.storage.exists(document.file.name):
                reason = _("The document's file is missing (not found in storage)")
            else:
                reason = None
            self.documents[document_id] = reason
        return self.documents[document_id]

    def path(self, path: str) -> str | None:
        """A path on the site itself."""
        found = DOCUMENT_PATH.match(path)
        if found:
            return self.document(int(found.group(1)))
        bare = unquote(path.split("?")[0].split("#")[0])
        try:
            match = resolve(bare)
        except Resolver404:
            return _("No such address on the site")
        if match.url_name != "wagtail_serve":
            return None
        url_path = self.root.url_path + bare.lstrip("/")
        url_path = url_path if url_path.endswith("/") else url_path + "/"
        target = Page.objects.filter(url_path=url_path).values_list("pk", flat=True).first()
        if target is None:
            return _("No such address on the site")
        return self.page(target)

    def judge(self, link: Link) -> str | bool | None:
        """Why the link leads nowhere, None when it works, False when not judged here (an
        address on another site, left for ``check_addresses``)."""
        if link.kind == "page":
            return self.page(int(link.target))
        if link.kind in ("document", Kind.ATTACHMENT):
            return self.document(int(link.target))
        address = link.target
        scheme = urlsplit(address).scheme.lower()
        if address.startswith("#") or scheme in ("mailto", "tel", "javascript", "data"):
            return None
        if address.startswith("/") and not address.startswith("//"):
            return self.path(address)
        parts = urlsplit(address if scheme else "http:" + address)
        if (parts.hostname or "").lower() in self.hosts:
            return self.path(parts.path or "/")
        if parts.scheme not in ("http", "https"):
            return None if scheme else "链接地址无法识别"
        self.addresses.setdefault(address, None)
        return False


async def _check(http: httpx.AsyncClient, url: str) -> str | None:
    """Why the address does not answer, or None."""
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            response = await http.head(url)
            if response.status_code in (403, 405, 501) or response.status_code >= 500:
                response = await http.get(url)
        except RefusedDestination as refused:
            return f"不可访问的地址：{refused}"
        except httpx.TimeoutException:
            return "请求超时"
        except httpx.HTTPError as error:
            return f"无法连接：{type(error).__name__}"
        if response.status_code in REDIRECTS and "location" in response.headers:
            url = urljoin(url, response.headers["location"])
            continue
        if response.status_code >= 400:
            return f"HTTP {response.status_code}"
        return None
    return "重定向次数过多"


async def check_addresses(urls: list[str]) -> dict[str, str | None]:
    limit = asyncio.Semaphore(settings.SELF_INSPECTION_LINK_CONCURRENCY)
    async with client(timeout=settings.SELF_INSPECTION_LINK_TIMEOUT) as http:

        async def one(url):
            async with limit:
                return url, await _check(http, url)

        return dict(await asyncio.gather(*(one(url) for url in urls)))


def patrol_site(site: Site, now=None) -> dict[str, int]:
    """Check every link of the site's live pages; store what is broken. Returns counts."""
    started = timezone.now()
    now = now or started
    judge = Judge(site)
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .specific(defer=False)
        .order_by("path")
    )
    found: dict[tuple[int, str, str], str] = {}
    pending: list[tuple[int, Link]] = []
    page_count = link_count = 0
    for page in pages.iterator(chunk_size=200):
        page_count += 1
        for link in page_links(page):
            link_count += 1
            reason = judge.judge(link)
            if reason is False:
                pending.append((page.pk, link))
            elif reason:
                found[page.pk, link.kind, _shown(link)] = reason
    if judge.addresses:
        answers = asyncio.run(check_addresses(sorted(judge.addresses)))
        for page_id, link in pending:
            if answers.get(link.target):
                found[page_id, link.kind, link.target] = answers[link.target]
    with transaction.atomic():
        known = {
            (b.page_id, b.kind, b.url): b for b in BrokenInternalLink.objects.filter(site=site)
        }
        BrokenInternalLink.objects.filter(site=site).exclude(
            pk__in=[known[key].pk for key in found if key in known]
        ).delete()
        for key, reason in found.items():
            page_id, kind, url = key
            if key in known:
                BrokenInternalLink.objects.filter(pk=known[key].pk).update(
                    reason=reason[:300], checked_at=now
                )
            else:
                BrokenInternalLink.objects.create(
                    site=site, page_id=page_id, kind=kind, url=url[:1000],
                    reason=reason[:300], found_at=now, checked_at=now,
                )  # fmt: skip
        InternalLinkPatrol.objects.update_or_create(
            site=site,
            defaults={
                "started_at": started,
                "finished_at": timezone.now(),
                "pages": page_count,
                "links": link_count,
            },
        )
    counts = {"pages": page_count, "links": link_count, "broken": len(found)}
    logger.info("internal link patrol of %s: %s", site.hostname, counts)
    return counts


def _shown(link: Link) -> str:
    """How a link is recorded: an address as written, a page or document by its id."""
    if link.kind == "page":
        return f"page:{link.target}"
    if link.kind in ("document", Kind.ATTACHMENT):
        return f"document:{link.target}"
    return link.target


def patrol(now=None) -> dict[str, dict[str, int]]:
    return {site.hostname: patrol_site(site, now) for site in Site.objects.order_by("pk")}
