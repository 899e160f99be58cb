"""Routing a public page's path as Wagtail does, from memory.

Wagtail's ``serve`` asks ``Page.route_for_request``, which walks the path a segment at a
time from the site's root: a child query and a ``.specific`` query per segment, ~15 ms a
request on a library page. The tree changes only when a page is published, withdrawn,
moved, renamed or deleted, and each of those moves the publication stamp (cms.signals);
so a path's route is decided once per stamp and process, with one query (the pages on
the path, by slug and depth), and each request then reads its page by primary key, with
SQL compiled once per page type and stamp (cms.models.shapes); the few pages at the top
of the tree (home, libraries) are read once per stamp and process, and copied.
``RoutingMiddleware`` hands the result to Wagtail where ``route_for_request`` keeps its
own (``request._wagtail_route_for_request``), so Wagtail's ``serve`` view, its hooks
(view restrictions, ``before_serve_page``) and the page's ``serve`` run as always.

What Wagtail's walk decides is decided the same: the last page must be live (pages on the
way need not be), a segment without a child of that slug is 404; and a page type on the
way that routes for itself (a ``route`` override, as ``RoutablePageMixin`` pages and pages
serving sub-paths have) is handed the rest of the path, as Wagtail would hand it.
"""

from __future__ import annotations

import copy
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from cms.models import shapes
from cms.models.sites import site_of
from cms.models.stamps import kept_in_process, new_process_memory, stamp_of

# Routes of the current stamp: (site id, segments) → decision (see ``_decide``).
ROUTES = new_process_memory()
# The pages at the top of the tree (the home page and its columns, the libraries), read
# for the stamp: few, and asked for by most visits. Deeper pages (every policy) are many,
# and each read when asked for.
PAGES = new_process_memory()
KEPT_PATH = 3 * Page.steplen  # depth 3: below the tree's root and a site's home page
_FIELDS = ("pk", "path", "depth", "slug", "live", "content_type_id", "alias_of_id")


def routes_itself(model) -> bool:
    """Whether pages of this type route their own sub-paths (override ``Page.route``)."""
    return model is not None and model.route is not Page.route


def _model(content_type_id: int):
    """The page type of a content type; None for a type whose code is gone (Wagtail
    then serves the page as a plain ``Page``)."""
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _pages_on(root: dict, segments: tuple[str, ...]) -> list[dict]:
    """The pages that may stand on the path below ``root``: one query, by slug and depth."""
    depths = range(root["depth"] + 1, root["depth"] + len(segments) + 1)
    return list(
        Page.objects.filter(
            Q(path__startswith=root["path"]), depth__in=list(depths), slug__in=set(segments)
        ).values(*_FIELDS)
    )


def _decide(root: dict, segments: tuple[str, ...]):
    """The route of ``segments`` below the site's root page: ``("serve", id, model,
    path)``, ``("route", id, model, path, rest)`` (a page that routes itself gets the rest
    of the path), or None (404). ``path`` is the tree path whose view restrictions apply,
    None where an alias is on the way (Wagtail's own lookup then resolves it)."""
    candidates = _pages_on(root, segments) if segments else []
    page, aliased = root, root["depth"] > 2
    for index, slug in enumerate(segments):
        aliased = aliased or page["alias_of_id"] is not None
        model = _model(page["content_type_id"])
        if routes_itself(model):
            return ("route", page["pk"], model, None, segments[index:])
        children = [
            candidate
            for candidate in candidates
            if candidate["slug"] == slug
            and candidate["depth"] == page["depth"] + 1
            and candidate["path"].startswith(page["path"])
        ]
        if not children:
            return None
        page = children[0]
    aliased = aliased or page["alias_of_id"] is not None
    model = _model(page["content_type_id"])
    if routes_itself(model):
        return ("route", page["pk"], model, None, ())
    return ("serve", page["pk"], model, None if aliased else page["path"]) if page["live"] else None


def _restrictions() -> tuple[tuple[str, int], ...]:
    """(page path, restriction id) of every view restriction."""
    return tuple(PageViewRestriction.objects.values_list("page__path", "pk").order_by("pk"))


def _view_restrictions(request, path: str):
    """The view restrictions on the page at tree ``path`` and its ancestors, as Wagtail's
    ``Page.get_view_restrictions`` finds them, from those kept for the stamp: none (no
    query) for a page that has none."""
    ids = [
        pk
        for restricted, pk in kept_in_process(
            "restrictions", _restrictions, stamp=stamp_of(request)
        )
        if path.startswith(restricted)
    ]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


def route(request, path: str) -> RouteResult | None:
    """What ``Page.route_for_request(request, path)`` answers (None for 404)."""
    site = site_of(request)
    if site is None or site.root_page_id is None:
        return None
    segments = tuple(segment for segment in path.split("/") if segment)
    root = site.root_page
    stamp = stamp_of(request)
    decision = kept_in_process(
        (site.pk, root.pk, segments),
        lambda: _decide({name: getattr(root, name) for name in _FIELDS}, segments),
        stamp=stamp,
        memory=ROUTES,
    )
    if decision is None:
        return None
    kind, page_id, model, restricted_path = decision[:4]
    manager = (model or Page)._default_manager

    def read():
        # Its SQL compiled once per page type and stamp: only the primary key differs.
        return shapes.read(
            ("route", model), lambda pk: manager.filter(pk=pk)[:1], (page_id,), stamp=stamp
        )

    if kind == "serve" and restricted_path is not None and len(restricted_path) <= KEPT_PATH:
        # Each request gets its own copy: what it sets on its page stays its own.
        kept = kept_in_process(page_id, read, stamp=stamp, memory=PAGES)
        found = [copy.copy(page) for page in kept]
    else:
        found = read()
    if not found:
        return None
    page = found[0]
    if kind == "route":
        try:
            return page.route(request, list(decision[4]))
        except Http404:
            return None
    if not page.live:  # withdrawn since the route was decided, at a stamp not yet read
        return None
    if restricted_path is not None and page.path == restricted_path:
        # What Wagtail's view-restriction check asks the page (its hook on serving).
        page.get_view_restrictions = partial(_view_restrictions, request, restricted_path)
    return RouteResult(page)


class RoutingMiddleware:
    """Decides the route of a request Wagtail's ``serve`` view will answer, before it asks
    (``Page.route_for_request`` reads ``request._wagtail_route_for_request``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if view is wagtail_serve and not hasattr(request, "_wagtail_route_for_request"):
            path = args[0] if args else kwargs.get("path", "")
            request._wagtail_route_for_request = route(request, path)
