"""``/sitemap.xml``: every public page of the request's site with its last change, in
Wagtail's sitemap (wagtail.contrib.sitemaps, on Django's), and the pages plugins add
through the hook ``sitemap_items``.

Only what the public may read is listed, by the rules the pages serve by (bundle rule 7,
docs/architecture.md#bundle-rules): a live, unrestricted page; a policy only while it is
proactively disclosed; an interpretation only while its policy is. The pages are read as
rows of (address, date), never as page objects, so a section of 50,000 addresses is one
query. Past ``SITEMAP_URLS_PER_FILE`` addresses in all, ``/sitemap.xml`` is an index of
the sections' files (``/sitemap-policies.xml?p=2``), as the sitemap protocol wants.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from django.conf import settings
from django.contrib.sitemaps import views as django_views
from django.db.models import Max
from django.db.models.functions import Coalesce, Length, Substr
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.extend import plugin_manager
from cms.extend.sitemap_items import SitemapItem
from cms.models import PolicyPage
from cms.models.home import public_policies
from interpretations.models import InterpretationPage

# When a page last changed: its publication, or (pages published before Wagtail kept
# that) its latest revision.
MODIFIED = Coalesce("last_published_at", "latest_revision_created_at")


class PageSection(Sitemap):
    """Public pages of one kind in the request's Wagtail site, as (url_path, modified) rows
    in tree order."""

    def __init__(self, request=None):
        super().__init__(request)
        self._site = None

    @property
    def limit(self):
        return settings.SITEMAP_URLS_PER_FILE

    def pages(self):
        """The public pages of this section, anywhere in the tree."""
        raise NotImplementedError

    def site(self):
        if self._site is None:
            self._site = self.get_wagtail_site()
        return self._site

    def _rows(self):
        root = self.site().root_page
        return self.pages().descendant_of(root, inclusive=True).annotate(modified=MODIFIED)

    def items(self):
        return self._rows().order_by("path").values_list("url_path", "modified")

    def location(self, item):
        # As Page.get_url_parts makes it, without building a page: the path below the
        # site's root, through the page tree's URL, escaped as reverse() escapes it.
        if not hasattr(self, "_root"):
            self._root = self.site().root_page.url_path
            self._serve = reverse("wagtail_serve", args=("",))
        tail = item[0][len(self._root) :]
        return self._serve + quote(tail, safe=RFC3986_SUBDELIMS + "/~:@")

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # Django's default walks every item; the database answers at once.
        return self._rows().aggregate(latest=Max("modified"))["latest"]

    def _urls(self, page, protocol, domain):
        # Django's: rows in, addresses out (Wagtail's asks each page object for its URLs).
        return super(Sitemap, self)._urls(page, protocol, domain)


class OtherPages(PageSection):
    """The home page, the libraries, the annual reports, plugins' pages: every live,
    unrestricted page but the bundle's, which have sections of their own."""

    def pages(self):
        return Page.objects.live().public().not_type((PolicyPage, InterpretationPage))


class Policies(PageSection):
    def pages(self):
        return public_policies()


class Interpretations(PageSection):
    """Live interpretations whose policy (their parent page) the public may see."""

    def pages(self):
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        return (
            InterpretationPage.objects.live()
            .public()
            .annotate(parent_path=parent_path)
            .filter(parent_path__in=public_policies().values("path"))
        )


class ViewPages(Sitemap):
    """Public pages that are views, not Wagtail pages: the disclosure catalogue and the
    addresses of the hook ``sitemap_items``."""

    def __init__(self, request=None):
        super().__init__(request)
        self._found = None

    @property
    def limit(self):
        return settings.SITEMAP_URLS_PER_FILE

    def items(self):
        if self._found is None:
            catalogue = SitemapItem(reverse("catalogue"))
            self._found = self._not_pages([catalogue, *plugin_manager.sitemap_items(self.request)])
        return self._found

    def _not_pages(self, items: list) -> list:
        """The items once each, without those that are a live public page's address (a
        plugin's column page that serves its list view, as /consultations/ does): the
        pages' section lists those already."""
        root = self.get_wagtail_site().root_page.url_path
        serve = reverse("wagtail_serve", args=("",))

        def url_path(location: str) -> str | None:
            if not location.startswith(serve):
                return None
            return root + unquote(location[len(serve) :]).lstrip("/")

        paths = {url_path(i.location) for i in items} - {None}
        pages = set(
            Page.objects.live()
            .public()
            .filter(url_path__in=paths)
            .values_list("url_path", flat=True)
        )
        kept, seen = [], set()
        for item in items:
            if item.location in seen or url_path(item.location) in pages:
                continue
            seen.add(item.location)
            kept.append(item)
        return kept

    def location(self, item):
        return item.location

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return max((i.lastmod for i in self.items() if i.lastmod), default=None)

    def _urls(self, page, protocol, domain):
        return super(Sitemap, self)._urls(page, protocol, domain)


SECTIONS = {
    "pages": OtherPages,
    "policies": Policies,
    "interpretations": Interpretations,
    "views": ViewPages,
}


def sections(request) -> dict[str, Sitemap]:
    return {name: section(request) for name, section in SECTIONS.items()}


def sitemap(request):
    """``/sitemap.xml``: the addresses themselves, or past one file's limit the index of
    the sections' files."""
    maps = sections(request)
    total = sum(section.paginator.count for section in maps.values())
    if total > settings.SITEMAP_URLS_PER_FILE:
        return django_views.index(request, maps, sitemap_url_name="sitemap_section")
    return django_views.sitemap(request, maps)


def section(request, section: str):
    """``/sitemap-<section>.xml?p=N``: one file of a section (404 past its last)."""
    return django_views.sitemap(request, sections(request), section=section)
