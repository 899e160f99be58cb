"""Webhooks: a signed JSON POST to every subscriber whose topics match.

Headers of every request:
- ``X-PolicyCMS-Event``: ``bundle.published`` or ``bundle.withdrawn``;
- ``X-PolicyCMS-Delivery``: the idempotency key, the same on every attempt of a delivery;
- ``X-PolicyCMS-Signature``: ``sha256=`` and the hex HMAC-SHA256 of the body with the
  subscription's secret.
Any 2xx answer is a delivery; anything else, a timeout or a refused connection is retried.
"""

import hashlib
import hmac
import json
import logging

import httpx
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.plugin_api import Channel, DeliveryError, RefusedDestination, stamp_of, sync_client
from plugins.channels import conf
from plugins.channels.models import WebhookSubscription

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-PolicyCMS-Signature"
USER_AGENT = "policy-cms-webhook/1"


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str) -> bool:
    """What a subscriber does with each request: compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header or "")


def body_of(event) -> bytes:
    return json.dumps(event.payload, ensure_ascii=False, sort_keys=True).encode()


class WebhookChannel(Channel):
    name = "webhook"
    label = "Webhook"

    def recipients(self, event):
        topics, stamp = self.topics(event), stamp_of()
        subscriptions = WebhookSubscription.objects.filter(is_active=True).prefetch_related(
            "topics"
        )
        return [(str(s.pk), f"{s.name} <{s.url}>") for s in subscriptions if s.wants(topics, stamp)]

    def send(self, event, recipient, idempotency_key):
        subscription = WebhookSubscription.objects.filter(pk=recipient).first()
        if subscription is None:
            raise DeliveryError("subscription deleted")
        body = body_of(event)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-PolicyCMS-Event": event.kind,
            "X-PolicyCMS-Delivery": idempotency_key,
            SIGNATURE_HEADER: sign(subscription.secret, body),
        }
        # Through the outbound guard (cms.operations.outbound): no private address, no other port
        # than the allowed ones, no redirect. The answer's body is never read: the log
        # keeps a status line, not what the other side said.
        try:
            with (
                sync_client(
                    timeout=conf.get("WEBHOOK_TIMEOUT_SECONDS"), user_agent=USER_AGENT
                ) as client,
                client.stream("POST", subscription.url, content=body, headers=headers) as answer,
            ):
                status, phrase = answer.status_code, answer.reason_phrase
        except RefusedDestination as error:
            raise DeliveryError(_("Refused: %(why)s") % {"why": error}) from error
        except httpx.HTTPError as error:
            raise DeliveryError(
                _("No connection: %(error)s") % {"error": type(error).__name__}
            ) from error
        if not 200 <= status < 300:
            raise DeliveryError(f"HTTP {status} {phrase}".strip()[:100])
        return f"HTTP {status}"


@csrf_exempt
@require_POST
def test_receiver(request):
    """A receiver to try webhooks against (the demo subscribes it): it checks the
    signature with ``WEBHOOK_TEST_RECEIVER_SECRET`` and logs what arrived. Without that
    setting (production) it does not exist."""
    secret = conf.get("WEBHOOK_TEST_RECEIVER_SECRET")
    if not secret:
        return JsonResponse({"code": "not_found", "message": "未找到"}, status=404)
    if not verify_signature(secret, request.body, request.headers.get(SIGNATURE_HEADER)):
        return JsonResponse({"code": "bad_signature", "message": "签名无效"}, status=401)
    payload = json.loads(request.body)
    logger.info(
        "webhook received: %s %s (delivery %s)",
        payload.get("event"),
        payload.get("policy", {}).get("title"),
        request.headers.get("X-PolicyCMS-Delivery"),
    )
    return JsonResponse({"code": "ok", "message": "已接收"})
