"""Demo subscriptions: the built-in test receiver and a console e-mail subscriber."""

from plugins.channels import conf
from plugins.channels.models import MailSubscription, WebhookSubscription


def load_demo_subscriptions(base_url: str) -> None:
    secret = conf.get("WEBHOOK_TEST_RECEIVER_SECRET")
    if secret:
        WebhookSubscription.objects.update_or_create(
            name="演示接收端",
            defaults={"url": f"{base_url.rstrip('/')}/channels/webhook-test/", "secret": secret},
        )
    MailSubscription.objects.get_or_create(
        name="演示订阅者", defaults={"email": "subscriber@example.org"}
    )
