"""An address a plugin adds to the sitemap (hook ``sitemap_items``): a public page of its
own that is not a Wagtail page (the message board's list, the catalogue of documents in
force)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SitemapItem:
    """One public address: ``location`` a path on the site (``/messages/``), ``lastmod``
    when what it shows last changed (None: unknown, left out of the sitemap)."""

    location: str
    lastmod: datetime | None = None
