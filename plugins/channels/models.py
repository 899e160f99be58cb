"""Subscribers of the push channels, kept in the admin (their addresses are never public).

E-mail subscribers are also added by the public, through a confirmed sign-up
(``plugins.channels.subscribe``).
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel

from cms.plugin_api import RefusedDestination, resolve, topic_spellings_of

TOPICS_HELP = _("Only policies with one of these topics are sent; leave empty for all.")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Subscription(ClusterableModel):
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def wants(self, topics: set[str], stamp=None) -> bool:
        """Whether an event about a policy with these topics is for this subscriber: a
        topic chosen in one spelling matches a policy filed under another
        (``topic_spellings_of``, as the topic feeds; pass the ``stamp`` read once)."""
        chosen = {tag.name for tag in self.topics.all()}
        if not chosen:
            return True
        return bool(spellings_of(chosen, stamp) & spellings_of(topics, stamp))


def spellings_of(topics, stamp=None) -> set[str]:
    """Every spelling in use of each of ``topics``."""
    return {spelling for topic in topics for spelling in topic_spellings_of(topic, stamp=stamp)}


class WebhookSubscriptionTopic(TaggedItemBase):
    content_object = ParentalKey(
        "channels.WebhookSubscription", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class WebhookSubscription(Subscription):
    url = models.URLField(
        pgettext_lazy("webhook", "URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Receives a signed JSON POST for every published or withdrawn policy."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_("The subscriber checks the X-PolicyCMS-Signature header with it."),
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"),
        through=WebhookSubscriptionTopic,
        blank=True,
        help_text=TOPICS_HELP,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("topics"),
        FieldPanel("is_active"),
    ]

    def clean(self):
        """Refuse, with the reason, a URL the outbound guard would never send to (a private
        or loopback address, another port); a host that does not resolve today is kept,
        and its deliveries say so."""
        super().clean()

        try:
            resolve(self.url or "")
        except RefusedDestination as error:
            if not isinstance(error.__cause__, OSError | UnicodeError):
                raise ValidationError({"url": str(error)}) from error

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]


class MailSubscriptionTopic(TaggedItemBase):
    content_object = ParentalKey(
        "channels.MailSubscription", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class MailSubscription(Subscription):
    email = models.EmailField(_("e-mail address"))
    # Added in the admin: confirmed at once. Signed up by the public: when the link in
    # the confirmation mail was followed; nothing is stored before that.
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now, editable=False)
    signed_up = models.BooleanField(
        _("signed up on the public site"), default=False, editable=False
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=MailSubscriptionTopic, blank=True, help_text=TOPICS_HELP
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("topics"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        ordering = ["name"]
