"""The site a request is for, and the site's identity, without a query per request.

Wagtail finds a request's site with a query (``Site.find_for_request``), and the footer's
identity setting with another, on every request; every public page asks for both (the
routing, the page tags, the footer, the visit counter). Sites and their identity change
rarely, and each change moves the publication stamp (cms.signals), so the process keeps
them per stamp and answers as Wagtail would (``wagtail.models.sites.get_site_for_hostname``)
from memory. The answers go where Wagtail keeps its own for the request
(``request._wagtail_site``, the setting's cache attribute), so every later
``Site.find_for_request`` and ``SiteIdentity.for_request`` reads them. Each request gets
its own copies: nothing it sets on them reaches another request.
"""

from __future__ import annotations

import copy

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from cms.models.site_identity import SiteIdentity
from cms.models.stamps import kept_in_process, stamp_of


def _sites() -> tuple[Site, ...]:
    return tuple(Site.objects.select_related("root_page").order_by("pk"))


def _rank(site: Site, hostname: str, port: str) -> int:
    if site.hostname == hostname:
        if str(site.port) == port:
            return MATCH_HOSTNAME_PORT
        return MATCH_HOSTNAME_DEFAULT if site.is_default_site else MATCH_HOSTNAME
    return MATCH_DEFAULT


def best_site(sites, hostname: str, port: str) -> Site | None:
    """The site Wagtail's ``get_site_for_hostname`` picks among ``sites`` (None where it
    finds none): an exact host and port first, then the host on the default site, then
    the default site unless exactly one other site has the host."""
    ranked = sorted(
        (
            (_rank(site, hostname, port), site)
            for site in sites
            if site.hostname == hostname or site.is_default_site
        ),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None


def _copy(site: Site) -> Site:
    mine = copy.copy(site)
    if site.root_page_id is not None:
        mine.root_page = copy.copy(site.root_page)
    return mine


def site_of(request) -> Site | None:
    """``Site.find_for_request(request)``, from the sites kept for the request's stamp."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        # As Wagtail: the raw host, so no ALLOWED_HOSTS check is made here.
        hostname = split_domain_port(request._get_raw_host())[0]
        port = str(request.get_port())
        sites = kept_in_process("sites", _sites, stamp=stamp_of(request))
        site = best_site(sites, hostname, port)
        request._wagtail_site = _copy(site) if site is not None else None
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        # What Wagtail reads from the cache (a round trip to Redis) on each request that
        # builds a page's URL (page.get_url_parts), until then kept in the request.
        request._wagtail_cached_site_root_paths = list(
            kept_in_process("site-root-paths", Site.get_site_root_paths, stamp=stamp_of(request))
        )
    return request._wagtail_site


def identity_of(request) -> SiteIdentity | None:
    """``SiteIdentity.for_request(request)`` (the footer's and the page tags'), kept for
    the request's stamp; None for a request no site answers."""
    attribute = SiteIdentity.get_cache_attr_name()
    if hasattr(request, attribute):
        return getattr(request, attribute)
    site = site_of(request)
    if site is None:
        return None
    identity = copy.copy(
        kept_in_process(
            ("identity", site.pk), lambda: SiteIdentity.for_site(site), stamp=stamp_of(request)
        )
    )
    identity._request = request  # as Wagtail's for_request, for its page_url
    setattr(request, attribute, identity)
    return identity
