"""The chrome of every public page (base.html's head links, header and footer) is
rendered once per publication stamp, language and site (cms/templatetags/fragments.py):
a change of the identity, the sites or the plugins' links shows on the next request, two
languages or sites never share a fragment, and a CSRF token or a CSP nonce is never
kept."""

import pytest
from csp.middleware import CSPMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.utils import translation
from wagtail.models import Page, Site

from cms.extend import plugin_manager
from cms.models import SiteIdentity
from cms.models.stamps import PublicationStamp

AGENT = "Mozilla/5.0 (Windows NT 10.0) TestBrowser/1.0"


def footer_of(client, url="/catalogue/", **headers) -> str:
    response = client.get(url, HTTP_USER_AGENT=AGENT, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def render(source: str, request) -> str:
    template = engines["django"].from_string("{% load fragments %}" + source)
    return template.render({}, request)


@pytest.mark.django_db
def test_the_footer_is_rendered_once_per_stamp(client, monkeypatch):
    calls = []
    links = plugin_manager.site_links

    def counted(request):
        calls.append(request)
        return links(request)

    monkeypatch.setattr(plugin_manager, "site_links", counted)
    first = footer_of(client)
    assert footer_of(client) == first
    assert len(calls) == 1
    PublicationStamp.bump()
    assert footer_of(client) == first
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_changed_identity_shows_on_the_next_request(client):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    assert "联系电话" not in footer_of(client)
    identity.contact_phone = "0571-87654321"
    identity.save()
    assert "联系电话：0571-87654321" in footer_of(client)
    identity.contact_phone = ""
    identity.save()
    assert "联系电话" not in footer_of(client)


@pytest.mark.django_db
def test_each_site_has_its_own_footer(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example.gov.cn"]
    default = Site.objects.get(is_default_site=True)
    root = Page.objects.get(depth=1)
    other = Site.objects.create(
        hostname="other.example.gov.cn",
        root_page=root.add_child(instance=Page(title="其他站点", slug="other-site")),
    )
    for site, sponsor in ((default, "默认站点主办"), (other, "其他站点主办")):
        identity = SiteIdentity.for_site(site)
        identity.sponsor = sponsor
        identity.save()
    assert "默认站点主办" in footer_of(client)
    footer = footer_of(client, HTTP_HOST="other.example.gov.cn")
    assert "其他站点主办" in footer and "默认站点主办" not in footer
    assert "默认站点主办" in footer_of(client)


@pytest.mark.django_db
def test_two_languages_do_not_share_the_chrome(client, settings):
    settings.LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
    chinese = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "跳到正文" in chinese and "Skip to the content" not in chinese
    assert "Skip to the content" in english and "跳到正文" not in english
    assert "跳到正文" in client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.django_db
def test_the_values_given_are_part_of_the_key(rf):
    source = '{% kept_fragment "greeting" name %}{{ name }}{% endkept_fragment %}'
    template = engines["django"].from_string("{% load fragments %}" + source)
    request = rf.get("/")
    assert template.render({"name": "甲"}, request) == "甲"
    assert template.render({"name": "乙"}, request) == "乙"
    with translation.override("en"):
        assert template.render({"name": "甲"}, request) == "甲"


@pytest.mark.django_db
def test_a_csrf_token_is_never_kept(rf):
    source = '{% kept_fragment "form" %}{% csrf_token %}{% endkept_fragment %}'
    tokens = []
    for _ in range(2):
        request = rf.get("/")
        CsrfViewMiddleware(lambda r: None).process_request(request)
        html = render(source, request)
        assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # the cookie is still sent
        tokens.append(html)
    assert tokens[0] != tokens[1]


@pytest.mark.django_db
def test_a_csp_nonce_is_never_kept(rf):
    source = (
        '{% kept_fragment "script" %}<script nonce="{{ request.csp_nonce }}">{% endkept_fragment %}'
    )
    shown = []
    for _ in range(2):
        request = rf.get("/")
        CSPMiddleware(lambda r: None).process_request(request)
        html = render(source, request)
        assert request._csp_nonce in html
        shown.append(html)
    assert shown[0] != shown[1]
    # Nor when the page asked for its nonce before the fragment.
    request = rf.get("/")
    CSPMiddleware(lambda r: None).process_request(request)
    str(request.csp_nonce)
    assert request._csp_nonce in render(source, request)


@pytest.mark.django_db
def test_a_fragment_without_a_token_leaves_the_csrf_cookie_alone(rf):
    request = rf.get("/")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    render('{% kept_fragment "plain" %}plain{% endkept_fragment %}', request)
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


@pytest.mark.django_db
def test_an_edited_template_is_rendered_anew(rf):
    """runserver reloads an edited template without restarting the process."""
    from pathlib import Path

    from django.utils.autoreload import file_changed

    request = rf.get("/")
    render('{% kept_fragment "edited" %}before{% endkept_fragment %}', request)
    file_changed.send(sender=None, file_path=Path("/somewhere/templates/base.html"))
    after = render('{% kept_fragment "edited" %}after{% endkept_fragment %}', request)
    assert after == "after"
