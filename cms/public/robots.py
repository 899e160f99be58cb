"""``/robots.txt``: what crawlers may skip, and where the sitemap is."""

from django.http import HttpResponse
from django.urls import reverse

# The admin, the API (the pages say the same) and search results (endless, each a
# query): nothing a search engine should index.
DISALLOWED = ["/admin/", "/api/", "/search/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
