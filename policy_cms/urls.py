"""The site's URLs: the admin, the public API, search, each plugin's URLs, and Wagtail's pages
last (it serves whatever path is left)."""

import posixpath
import re

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponseServerError
from django.template import loader
from django.urls import include, path, re_path
from django.views.defaults import page_not_found
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import captcha
from cms.api.errors import not_found_view as api_not_found
from cms.api.errors import server_error_view
from cms.extend import plugin_manager
from cms.operations import health
from cms.public import catalogue, documents, robots, sitemap
from cms.reports.public import website_word_file as website_report_word
from cms.reports.public import word_file as annual_report_word
from policy_cms.api import api

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap.section, name="sitemap_section"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's own view of a document, its download named by the title.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("search/", include("search.urls")),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/<path:index_number>/", catalogue.entry, name="catalogue_entry"),
    path(
        "annual-reports/<int:report_id>/word/",
        annual_report_word,
        name="annual_report_word",
    ),
    path(
        "website-reports/<int:report_id>/word/",
        website_report_word,
        name="website_report_word",
    ),
    # Anything else under /api/ is a JSON 404 at once, not a redirect to a slashed URL.
    re_path(r"^api/", api_not_found),
]


def demo_media(request, path):
    """The demo's media, as nginx serves /media/ in production: images and renditions,
    never an uploaded document, which only /documents/ serves once it is public, nor
    anything outside MEDIA_ROOT (the private media lie beside it)."""
    name = posixpath.normpath(path).lstrip("/")
    if name == DOCUMENTS_FOLDER or name.startswith(f"{DOCUMENTS_FOLDER}/"):
        raise Http404
    if name == ".." or name.startswith("../"):
        raise Http404  # a plain 404 rather than Django's 400 for a suspicious path
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# Wagtail's upload folder of documents under MEDIA_ROOT (denied by nginx too).
DOCUMENTS_FOLDER = "documents"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.SERVE_MEDIA:
    media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media}(?P<path>.*)$", demo_media)]

# The CAPTCHA's URLs, the core's, while a plugin's public form has it (REQUIRED_APPS).
if apps.is_installed("captcha"):
    urlpatterns += captcha.urls()
# Plugins' public views (feeds, receivers) come before the page tree's catch-all.
urlpatterns += plugin_manager.public_urls()
urlpatterns += [path("", include(wagtail_urls))]


def handler404(request, exception=None):
    """A URL under /api/ that nothing answers is a JSON error; elsewhere, the site's page."""
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return page_not_found(request, exception)


def handler500(request):
    """Under /api/ the JSON error; elsewhere the site's static page (500.html), rendered
    without the request's context processors, so it reads no database."""
    if request.path.startswith("/api/"):
        return server_error_view(request)
    page = loader.get_template("500.html").render({"site_name": settings.WAGTAIL_SITE_NAME})
    return HttpResponseServerError(page)
