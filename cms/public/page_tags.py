"""The page tags (网页标签) of a public page, as the national website rules list them
(docs/architecture.md#public-site): the site's on every page, a column's or an article's
besides, as ``<meta name="…" content="…">`` elements (``cms/includes/page_tags.html``,
put in every page's head by base.html through the tag ``page_tags``).

A page type says what it is with ``column_tags()`` or ``article_tags()``
(``cms.extend.page_tags``); what it leaves out is filled in here from the page itself.
A type with neither (a plugin's) is an article when it may have no children, else a
column. A view that is not a page passes ``column_tags`` (a dict) in its context."""

from __future__ import annotations

from django.conf import settings
from django.http.request import split_domain_port
from django.utils.timezone import localtime

from cms.extend.page_tags import ARTICLE, COLUMN, INFORMATION
from cms.models.sites import identity_of, site_of
from cms.text.page_text import plain_text

DESCRIPTION_CHARS = 200


def site_id_code(request) -> str:
    """The site's 网站标识码 (SiteIDCode), from its identity settings (Settings → 网站标识与
    备案); kept per publication stamp (cms.models.sites)."""
    identity = identity_of(request)
    return identity.site_code if identity is not None else ""


def site_tags(request) -> dict[str, str]:
    site = site_of(request)
    domain, _port = split_domain_port(request.get_host())
    return {
        "SiteName": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
        "SiteDomain": domain,
        "SiteIDCode": site_id_code(request),
    }


def page_tags(request, page=None, column: dict | None = None) -> list[tuple[str, str]]:
    """(name, content) of every tag of this page, in the rules' order."""
    tags = site_tags(request)
    if column is not None:
        name = column.get("ColumnName") or ""
        defaults = {
            "ColumnType": INFORMATION,
            "ColumnKeywords": name,
            "ColumnDescription": column_description(tags["SiteName"], name),
        }
        tags |= _filled(COLUMN, defaults, column)
    elif page is not None and not _is_site_root(page, request):
        if _is_article(page):
            values = page.article_tags() if hasattr(page, "article_tags") else {}
            defaults = _article_defaults(page, request, tags["SiteName"])
            tags |= _filled(ARTICLE, defaults, values)
            if tags["Image"].startswith("/"):
                tags["Image"] = request.build_absolute_uri(tags["Image"])
        else:
            values = page.column_tags() if hasattr(page, "column_tags") else {}
            tags |= _filled(COLUMN, _column_defaults(page, tags["SiteName"]), values)
    return [(name, _text(value)) for name, value in tags.items()]


def _is_site_root(page, request) -> bool:
    site = site_of(request)
    return site is not None and page.pk == site.root_page_id


def _is_article(page) -> bool:
    if hasattr(page, "article_tags"):
        return True
    return not hasattr(page, "column_tags") and not page.allowed_subpage_models()


def _filled(names, defaults: dict, values: dict) -> dict:
    """The tags ``names``: a page's own value where it gave one, else the default."""
    return {name: values.get(name) or defaults.get(name) or "" for name in names}


def column_description(site_name: str, column_name: str) -> str:
    """A column's description when it gives none: the site's column by name."""
    return f"{site_name}“{column_name}”栏目" if column_name else ""


def _column_defaults(page, site_name: str = "") -> dict:
    intro = getattr(page, "intro", "")
    return {
        "ColumnName": page.title,
        "ColumnDescription": page.search_description
        or (plain_text(intro) if intro else "")
        or column_description(site_name, page.title),
        "ColumnKeywords": page.title,
        "ColumnType": INFORMATION,
    }


def _article_defaults(page, request, site_name: str) -> dict:
    published = page.first_published_at or page.last_published_at
    return {
        "ArticleTitle": page.seo_title or page.title,
        "PubDate": localtime(published).strftime("%Y-%m-%d %H:%M") if published else "",
        "ContentSource": site_name,
        "Description": page.search_description,
        "Url": page.get_full_url(request),
    }


def _text(value) -> str:
    """A tag's content on one line: lists joined by commas, descriptions cut short."""
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value if v)
    text = " ".join(str(value or "").split())
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"
