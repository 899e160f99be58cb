"""The outbox (docs/architecture.md#delivery): bundle events written with the change, and
their deliveries."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.extend import plugin_manager
from cms.models.policy import PolicyPage


def event_kinds() -> list[tuple[str, str]]:
    """The core's event kinds, then those the enabled plugins declare (hook
    ``event_kinds``). A callable, so the migrations do not depend on the plugins."""
    core = OutboxEvent.Kind.choices
    declared = plugin_manager.event_kinds()
    return [*core, *((kind, declared[kind]) for kind in declared if kind not in dict(core))]


class OutboxEvent(models.Model):
    """Something subscribers outside the site must hear of, written in the same
    transaction as the change, so it exists exactly when the change does."""

    class Kind(models.TextChoices):
        """The core's kinds; plugins declare theirs (``validity.changed``) by a hook."""

        PUBLISHED = "bundle.published", _("bundle published")
        WITHDRAWN = "bundle.withdrawn", _("bundle withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("event"), max_length=40, choices=event_kinds)
    # Not a foreign key: deleting a live policy withdraws it from a pre_delete handler,
    # after Django has collected the rows to clear, and the event outlives the page.
    policy_id = models.PositiveBigIntegerField(_("policy"), null=True, db_index=True)
    # What the subscribers receive, taken when the change happened.
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["dispatched_at", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.payload.get('policy', {}).get('title', '')}"

    @property
    def policy(self):
        """The policy the event is about, or None once it was deleted."""
        return PolicyPage.objects.filter(pk=self.policy_id).first() if self.policy_id else None


class Delivery(models.Model):
    """One event to one recipient of one channel; at most one of them ever succeeds."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed, will retry")
        DEAD = "dead", _("dead")

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=50)
    recipient = models.CharField(_("recipient"), max_length=100)
    recipient_label = models.CharField(_("recipient"), max_length=255, blank=True)
    # Sent with every attempt, so a subscriber can discard a repeat it already acted on.
    idempotency_key = models.UUIDField(_("idempotency key"), unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    # Every attempt ever made; an admin's retry starts a fresh set of OUTBOX_MAX_ATTEMPTS
    # from ``attempts_at_retry``, the count when they pressed it.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    attempts_at_retry = models.PositiveIntegerField(
        _("attempts before the last retry"), default=0, editable=False
    )
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    response = models.CharField(_("response"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.channel} → {self.recipient_label or self.recipient}"
