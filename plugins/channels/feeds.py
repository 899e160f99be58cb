"""RSS 2.0 and Atom feeds of published policies: all, per agency and per topic.

Built on Django's syndication framework, which writes both formats to their specs; the
items are the live, proactive policies (``cms.models.home.public_policies``), newest
publication first. Feed readers poll: a request whose ``If-None-Match`` names the
current publication stamp gets a 304 without the feed being built.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from wagtail.models import Site

from cms.plugin_api import Agency, normalize_text, public_policies, stamp_of, topic_spellings_of

FEED_LENGTH = 50


class PolicyFeed(Feed):
    feed_type = Rss201rev2Feed
    format = "rss"

    def get_object(self, request, agency=None, topic=None):
        self.request = request
        scope = {"agency": None, "topic": None}
        if agency is not None:
            scope["agency"] = get_object_or_404(Agency, pk=agency)
        if topic is not None:
            if len(topic) > 100:
                raise Http404
            # Every spelling of the topic in use (政務公開 and 政务公开 are one topic);
            # the feed names it, and links itself, as the library spells it.
            spellings = topic_spellings_of(topic, stamp=stamp_of(request))
            if not public_policies().filter(topics__name__in=spellings).exists():
                raise Http404
            scope["topic"], scope["spellings"] = spellings[0], spellings
        return scope

    def title(self, scope):
        site = Site.find_for_request(self.request)
        name = site.site_name if site and site.site_name else _("Policy library")
        if scope["agency"]:
            return f"{name} · {scope['agency'].name}"
        if scope["topic"]:
            return f"{name} · {scope['topic']}"
        return name

    def link(self, scope):
        return "/"

    def feed_url(self, scope):
        if scope["agency"]:
            return reverse(f"channels:agency-{self.format}", args=[scope["agency"].pk])
        if scope["topic"]:
            return reverse(f"channels:topic-{self.format}", args=[scope["topic"]])
        return reverse(f"channels:policies-{self.format}")

    def description(self, scope):
        return _("Policies published with their interpretations.")

    def items(self, scope):
        policies = public_policies().select_related("agency").prefetch_related("topics")
        if scope["agency"]:
            policies = policies.filter(agency=scope["agency"])
        if scope["topic"]:
            policies = policies.filter(topics__name__in=scope["spellings"]).distinct()
        return policies.order_by("-last_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, policy):
        return policy.title

    def item_description(self, policy):
        lines = [policy.summary] if policy.summary else []
        if policy.doc_number:
            lines.insert(0, policy.doc_number)
        lines += [
            _("Interpretation: %(title)s %(url)s")
            % {"title": i.title, "url": i.get_full_url(self.request)}
            for i in policy.interpretations()
        ]
        return "\n".join(lines)

    def item_link(self, policy):
        return policy.get_full_url(self.request)

    def item_guid(self, policy):
        return policy.get_full_url(self.request)

    def item_pubdate(self, policy):
        return policy.first_published_at

    def item_updateddate(self, policy):
        return policy.last_published_at

    def item_author_name(self, policy):
        return policy.agency.name

    def item_categories(self, policy):
        return [tag.name for tag in policy.topics.all()]

    def get_feed(self, obj, request):
        """The feed with every text XML can carry: a control character stored before
        entry normalised it (an old import, a script) no longer stops the whole feed."""
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = [xml_safe(item) for item in feed.items]
        return feed


def xml_safe(value):
    """Strings in dicts, lists and tuples without the characters XML 1.0 cannot carry."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class AtomPolicyFeed(PolicyFeed):
    feed_type = Atom1Feed
    format = "atom"

    def subtitle(self, scope):
        return self.description(scope)


def _stamp(request) -> tuple[int, int]:
    # Read once for both validators (and the core's conditional answers of pages).
    return stamp_of(request)


def _etag(request, **kwargs) -> str:
    # One tag per feed and host (its links are absolute), changing with every publication.
    return f"feed-{_stamp(request)[0]}-{request.get_host()}{request.path}"


def _last_modified(request, **kwargs) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(_stamp(request)[1] / 1_000_000, tz=datetime.UTC)


def urlpatterns():
    patterns = []
    for view in (PolicyFeed(), AtomPolicyFeed()):
        fmt = view.format
        feed = condition(etag_func=_etag, last_modified_func=_last_modified)(view)
        patterns += [
            path(f"feeds/policies.{fmt}", feed, name=f"policies-{fmt}"),
            path(f"feeds/agencies/<int:agency>.{fmt}", feed, name=f"agency-{fmt}"),
            path(f"feeds/topics/<str:topic>.{fmt}", feed, name=f"topic-{fmt}"),
        ]
    return patterns
