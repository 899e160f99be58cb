"""RSS 2.0 and Atom feeds of new consultations: the public ones, latest opened first."""

from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.plugin_api import normalize_text
from plugins.consultation.models import public_consultations

FEED_LENGTH = 50


def _feedback_published(consultation):
    feedback = getattr(consultation, "feedback", None)
    return feedback.published_at if feedback is not None else None


class ConsultationFeed(Feed):
    feed_type = Rss201rev2Feed
    format = "rss"

    def get_object(self, request):
        self.request = request

    def title(self):
        return _("Consultations")

    def link(self):
        return reverse("consultation:list")

    def feed_url(self):
        return reverse(f"consultation:feed-{self.format}")

    def description(self):
        return _("Drafts published for public comment.")

    def items(self):
        return (
            public_consultations()
            .select_related("division__agency", "feedback")
            .order_by("-opens_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, consultation):
        return normalize_text(consultation.title)

    def item_description(self, consultation):
        period = _("Open for comment from %(start)s to %(end)s.") % {
            "start": timezone.localdate(consultation.opens_at).isoformat(),
            "end": timezone.localdate(consultation.closes_at).isoformat(),
        }
        text = consultation.main_content or consultation.background
        published = _feedback_published(consultation)
        if published is not None:
            # The feedback is news: the entry says so first, with the way to it.
            out = pgettext(
                "consultation feed",
                "The feedback on the comments was published on %(day)s: %(url)s",
            ) % {
                "day": timezone.localdate(published).isoformat(),
                "url": f"{consultation.get_full_url(self.request)}#feedback",
            }
            text = f"{out}\n{text}"
        return normalize_text(f"{period}\n{text}")

    def item_link(self, consultation):
        return consultation.get_full_url(self.request)

    def item_guid(self, consultation):
        return consultation.get_full_url(self.request)

    def item_pubdate(self, consultation):
        return consultation.first_published_at

    def item_updateddate(self, consultation):
        """The page's last publication or its feedback's, whichever came later."""
        moments = [consultation.last_published_at, _feedback_published(consultation)]
        return max((m for m in moments if m is not None), default=None)

    def item_author_name(self, consultation):
        return consultation.division.agency.name


class AtomConsultationFeed(ConsultationFeed):
    feed_type = Atom1Feed
    format = "atom"

    def subtitle(self):
        return self.description()


def urlpatterns():
    return [
        path(f"feeds/consultations.{view.format}", view, name=f"feed-{view.format}")
        for view in (ConsultationFeed(), AtomConsultationFeed())
    ]
