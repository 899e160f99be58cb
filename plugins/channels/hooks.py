"""The channels plugin's hook implementations."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, include, path, reverse
from django.utils.translation import gettext as _

from cms.plugin_api import hookimpl
from plugins.channels import feeds, subscribe, webhooks
from plugins.channels.demo import load_demo_subscriptions
from plugins.channels.mail import MailChannel


@hookimpl
def register_channels():
    return [webhooks.WebhookChannel(), MailChannel()]


@hookimpl
def public_urls():
    patterns = [
        *feeds.urlpatterns(),
        *subscribe.urlpatterns(),
        path("channels/webhook-test/", webhooks.test_receiver, name="webhook-test"),
    ]
    return [path("", include((patterns, "channels")))]


@hookimpl
def page_head_links(page):
    """Feed discovery: every page offers the site's feeds, a library its agency's too."""
    agency_id = getattr(page, "agency_id", None) or None
    links = _feed_links(agency_id, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return [dict(link) for link in links]


@lru_cache(maxsize=256)
def _feed_links(agency_id, _prefix, _urlconf) -> tuple[dict, ...]:
    """The feed links of a page of ``agency_id`` (None: the site's alone), reversed once
    per agency, script prefix and URL configuration in the process (four reversals on
    every public page otherwise)."""
    links = [
        ("application/rss+xml", reverse("channels:policies-rss"), "RSS"),
        ("application/atom+xml", reverse("channels:policies-atom"), "Atom"),
    ]
    if agency_id:
        links += [
            ("application/rss+xml", reverse("channels:agency-rss", args=[agency_id]), "RSS"),
            ("application/atom+xml", reverse("channels:agency-atom", args=[agency_id]), "Atom"),
        ]
    return tuple(
        {"rel": "alternate", "type": t, "href": href, "title": title} for t, href, title in links
    )


@hookimpl
def site_links(request):
    """Every footer offers the e-mail subscription and the feed of all policies."""
    return [
        {"label": _("Subscribe by e-mail"), "href": reverse("channels:subscribe")},
        {"label": "RSS", "href": reverse("channels:policies-rss")},
    ]


@hookimpl
def demo_loaded(base_url):
    """The demo subscribes the test receiver, so a published bundle shows a signed
    delivery in the admin."""
    load_demo_subscriptions(base_url)
