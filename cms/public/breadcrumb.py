"""The breadcrumb of a public page: its ancestors below the site's root, each with its
title and address.

Every page under a parent shares them (all the policies of a library, all the
interpretations of a policy), and only publishing, moving or renaming a page changes
them, which moves the publication stamp: they are kept per parent and site for as long
as the stamp stands, not read on every view."""

from __future__ import annotations

from wagtail.models import Page, Site

from cms.models.stamps import kept_for_stamp, stamp_of


def ancestors(page, request) -> list[dict]:
    """``{"depth", "title", "url"}`` of each ancestor of the page below the tree's root,
    from the top (as ``page.get_ancestors()``)."""
    if request is None or page.pk is None or not page.path or not page.depth:
        return [
            _crumb(ancestor, request) for ancestor in page.get_ancestors() if ancestor.depth > 1
        ]
    site = Site.find_for_request(request)
    parent_path = page.path[: -Page.steplen]
    return list(_kept(parent_path, site.pk if site else None, stamp=stamp_of(request)))


@kept_for_stamp
def _kept(parent_path: str, site_id: int | None) -> tuple[dict, ...]:
    site = Site.objects.filter(pk=site_id).first() if site_id is not None else None
    steps = range(Page.steplen, len(parent_path) + 1, Page.steplen)
    pages = Page.objects.filter(path__in=[parent_path[:n] for n in steps], depth__gt=1)
    return tuple(
        _crumb(ancestor, None, site)
        for ancestor in pages.only("id", "path", "depth", "title", "url_path").order_by("depth")
    )


def _crumb(page, request, site=None) -> dict:
    return {
        "depth": page.depth,
        "title": page.title,
        "url": page.get_url(request, current_site=site),
    }
