"""/sitemap.xml and /robots.txt (docs/architecture.md#public-site): every public page
with its last change, nothing else, and an index of files past one file's limit. What
the demo's every state lists is checked against the API's walk in
tests/cms/api/test_visibility.py."""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.utils.timezone import localtime
from wagtail.models import PageViewRestriction

from cms.extend.hookspecs import hookimpl
from cms.extend.sitemap_items import SitemapItem


def listed(client, url="/sitemap.xml"):
    """The paths of a sitemap file, with their lastmod."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    text = response.content.decode()
    entries = re.findall(r"<url><loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?", text)
    return {urlsplit(loc).path: lastmod for loc, lastmod in entries}


def sitemap_paths(client):
    """Every path the sitemap lists, following its index when it is one."""
    text = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" not in text:
        return listed(client)
    paths = {}
    for loc in re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>", text):
        parts = urlsplit(loc)
        paths |= listed(client, parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


class PluginPages:
    @hookimpl
    def sitemap_items(self, request):
        yield SitemapItem("/plugin/list/")
        yield SitemapItem("https://elsewhere.example/x/")  # not a path: left out
        yield "/not-an-item/"


@pytest.fixture
def bundles(publish_policy, make_policy):
    public = publish_policy("公开文件", interpretations=[{"form": "text"}, {"live": False}])
    withheld = publish_policy(
        "不予公开文件",
        interpretations=[{}],
        disclosure="withheld",
        disclosure_reason="涉及国家秘密",
    )
    restricted = publish_policy("受限文件", interpretations=[{}])
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    draft = make_policy("草稿文件", live=False)
    return public, [withheld, restricted, draft]


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_only_and_robots_names_it(client, bundles, plugin):
    plugin(PluginPages(), "plugin_pages")
    public, hidden = bundles
    paths = listed(client)
    live_interpretation = public.interpretations().get()
    library = public.get_parent()
    assert {"/", library.url, public.url, live_interpretation.url} <= set(paths)
    assert paths[public.url] == localtime(public.last_published_at).date().isoformat()
    for page in hidden + [p for p in public.get_children() if not p.live]:
        assert page.url not in paths, page.title
        for child in page.get_children():
            assert child.url not in paths
    assert "/plugin/list/" in paths and "/not-an-item/" not in paths
    assert not any(p.startswith("//") or "elsewhere" in p for p in paths)

    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


@pytest.mark.django_db
def test_past_one_file_the_sitemap_is_an_index_of_section_files(
    client, bundles, publish_policy, settings, django_assert_max_num_queries
):
    small = listed(client)
    for n in range(3):
        publish_policy(f"第{n}号文件")
    everything = listed(client)
    assert len(everything) == len(small) + 3
    settings.SITEMAP_URLS_PER_FILE = 2
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index and "/sitemap-policies.xml?p=2" in index
    assert sitemap_paths(client) == everything
    # A file reads its rows in a fixed number of queries, however many pages it lists.
    with django_assert_max_num_queries(8):
        client.get("/sitemap-policies.xml?p=2")
    for bad in ("?p=99", "?p=abc", "?p=" + "9" * 30, "?p=%00"):
        assert client.get("/sitemap-policies.xml" + bad).status_code == 404
    assert client.get("/sitemap-nosuch.xml").status_code == 404


@pytest.mark.skipif(
    not apps.is_installed("plugins.consultation"), reason="consultations are not enabled"
)
@pytest.mark.django_db
def test_a_plugin_column_page_that_is_also_a_view_is_listed_once(client):
    """/consultations/ is the consultation column's page and the plugin's sitemap item:
    one <url> for it."""
    from plugins.consultation.column import ensure_column

    column = ensure_column()
    assert column is not None and column.live and column.url == "/consultations/"
    text = client.get("/sitemap.xml").content.decode()
    locations = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]
    assert locations.count("/consultations/") == 1, locations
    assert "/catalogue/" in locations
    assert len(locations) == len(set(locations)), locations
