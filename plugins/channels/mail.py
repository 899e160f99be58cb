"""E-mail to subscribers by topic, through Django's mail backend (EMAIL_* settings)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from cms.plugin_api import Channel, DeliveryError, stamp_of
from plugins.channels.models import MailSubscription
from plugins.channels.subscribe import unsubscribe_url

# Each kind of event a subscriber is mailed about, and its templates under
# channels/mail/; an event of any other kind is not mailed.
TEMPLATES = {
    "bundle.published": "published",
    "bundle.withdrawn": "withdrawn",
    "validity.changed": "validity",
}


class MailChannel(Channel):
    name = "mail"
    label = gettext_lazy("E-mail")

    def recipients(self, event):
        if event.kind not in TEMPLATES:
            return []
        topics, stamp = self.topics(event), stamp_of()
        subscriptions = MailSubscription.objects.filter(is_active=True).prefetch_related("topics")
        return [(str(s.pk), s.email) for s in subscriptions if s.wants(topics, stamp)]

    def send(self, event, recipient, idempotency_key):
        subscription = MailSubscription.objects.filter(pk=recipient).first()
        if subscription is None:
            raise DeliveryError("subscription deleted")
        unsubscribe = unsubscribe_url(subscription)
        context = {
            "event": event.payload,
            "validity": event.payload.get("validity") or {},
            "policy": event.payload.get("policy", {}),
            "unsubscribe": unsubscribe,
        }
        kind = TEMPLATES.get(event.kind)
        if kind is None:
            raise DeliveryError(f"no mail for {event.kind[:40]} events")
        message = EmailMessage(
            subject=render_to_string(f"channels/mail/{kind}_subject.txt", context).strip(),
            body=render_to_string(f"channels/mail/{kind}.txt", context),
            to=[subscription.email],
            # A stable Message-ID lets mail systems drop a resent copy of the same delivery.
            headers={
                "Message-ID": f"<{idempotency_key}@policy-cms>",
                "X-PolicyCMS-Delivery": idempotency_key,
                # One-click unsubscribe in mail clients (RFC 8058).
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send(fail_silently=False)
        return "sent"
