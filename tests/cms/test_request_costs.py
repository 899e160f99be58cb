"""What every request pays before its page: the site it is for, the Content Security
Policy header, the visit counter. Each is kept per publication stamp or per settings
(cms.models.sites, cms.access.content_security), so a public page view costs no query
for them; a change to the sites or the policy shows on the next request."""

import pytest
from csp.constants import HEADER
from csp.utils import build_policy
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cms.access.content_security import ADMIN_ALLOWANCES
from cms.models import SiteIdentity
from cms.models.sites import best_site, site_of

AGENT = "Mozilla/5.0 (Windows NT 10.0) TestBrowser/1.0"


def queries_of(client, url, **headers) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def sites(db):
    """Three sites beside the default one: two on one host (ports 80 and 8080), one on
    another host."""
    root = Page.objects.get(depth=1)
    home = Site.objects.get(is_default_site=True).root_page
    other = root.add_child(instance=Page(title="其他站点", slug="other-site"))
    return [
        Site.objects.get(is_default_site=True),
        Site.objects.create(hostname="a.example.gov.cn", port=80, root_page=other),
        Site.objects.create(hostname="a.example.gov.cn", port=8080, root_page=home),
        Site.objects.create(hostname="b.example.gov.cn", port=80, root_page=other),
    ]


@pytest.mark.parametrize(
    ("hostname", "port"),
    [
        ("a.example.gov.cn", "80"),
        ("a.example.gov.cn", "8080"),
        ("a.example.gov.cn", "443"),  # two sites on the host, neither on the port
        ("b.example.gov.cn", "8000"),  # one site on the host, another port
        ("localhost", "80"),  # the default site
        ("unknown.example.org", "80"),
    ],
)
def test_the_site_is_the_one_wagtail_finds(sites, hostname, port):
    try:
        expected = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        expected = None
    found = best_site(Site.objects.select_related("root_page").order_by("pk"), hostname, port)
    assert (found and found.pk) == (expected and expected.pk)


def test_without_a_default_site_an_unknown_host_has_none(sites):
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    assert best_site(Site.objects.all(), "unknown.example.org", "80") is None


def test_a_page_view_finds_its_site_and_identity_without_a_query(client, db):
    """The visit counter counts the view (a browser's user agent), the page tags and the
    footer name the site: none of them reads the sites or the identity once kept."""
    client.get("/catalogue/", HTTP_USER_AGENT=AGENT)
    sql = " ".join(queries_of(client, "/catalogue/", HTTP_USER_AGENT=AGENT))
    assert "wagtailcore_site" not in sql
    assert "cms_siteidentity" not in sql


def test_a_changed_site_and_identity_show_on_the_next_request(client, db):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    assert "网站标识码" not in client.get("/catalogue/").content.decode()
    identity.site_code = "1234000001"
    identity.save()
    assert "1234000001" in client.get("/catalogue/").content.decode()
    site.site_name = "江岭市统计局"
    site.save()
    assert 'name="SiteName" content="江岭市统计局"' in client.get("/catalogue/").content.decode()


def test_each_request_has_its_own_site(rf, db):
    first, second = rf.get("/"), rf.get("/")
    site_of(first).site_name = "changed by one request"
    assert site_of(second).site_name != "changed by one request"
    assert site_of(first).root_page is not site_of(second).root_page


def test_the_policy_header_is_django_csps_own(client, admin_client, settings):
    assert client.get("/catalogue/")[HEADER] == build_policy()
    assert admin_client.get("/admin/")[HEADER] == build_policy(update=ADMIN_ALLOWANCES)
    assert client.get("/admin/login/")[HEADER] == build_policy()
    # Changed settings, changed header.
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'", "data:"]}}
    assert client.get("/catalogue/")[HEADER] == "default-src 'self' data:"
