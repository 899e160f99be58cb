"""Admin for the channels' subscribers: 发布渠道 → webhooks and e-mail."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.plugin_api import yes_no
from plugins.channels.models import MailSubscription, WebhookSubscription


class WebhookSubscriptionViewSet(SnippetViewSet):
    model = WebhookSubscription
    icon = "link"
    menu_label = _("Webhooks")
    list_display = ["name", "url", yes_no(WebhookSubscription, "is_active")]
    search_fields = ["name", "url"]


class MailSubscriptionViewSet(SnippetViewSet):
    model = MailSubscription
    icon = "mail"
    menu_label = _("E-mail subscribers")
    list_display = [
        "name",
        "email",
        yes_no(MailSubscription, "signed_up"),
        "confirmed_at",
        yes_no(MailSubscription, "is_active"),
    ]
    search_fields = ["name", "email"]


class ChannelsViewSetGroup(SnippetViewSetGroup):
    items = (WebhookSubscriptionViewSet, MailSubscriptionViewSet)
    menu_icon = "mail"
    menu_label = _("Publication channels")
    menu_order = 210


register_snippet(ChannelsViewSetGroup)
